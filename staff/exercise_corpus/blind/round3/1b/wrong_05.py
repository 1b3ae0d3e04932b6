#| kind: wrong
#| what: returns the loss recomputed after the step, not the batch's loss that was trained on
#| expect: train_step returns 4.0196 at step 1
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        return F.mse_loss(model(x), y).item()  # the loss with the updated weights


check_train_step(train_step)
