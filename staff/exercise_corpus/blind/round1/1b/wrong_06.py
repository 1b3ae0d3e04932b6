#| kind: wrong
#| what: returns the loss recomputed after the step (on the updated weights), not the batch's loss of this step
#| expect: the loss of the batch after the step
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        return F.mse_loss(model(x), y).item()


check_train_step(train_step)
