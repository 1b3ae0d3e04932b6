#| kind: wrong
#| what: typo in a name (optimiser for optimizer): NameError on the step
#| expect: raised NameError
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimiser.step()
    return loss.item()


check_train_step(train_step)
