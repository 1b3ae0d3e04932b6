#| kind: wrong
#| what: F.mse_loss with reduction="sum": a sum, not the mean, so gradients are batch-size times too large
#| expect: train_step gives 89.2857, 10 times the mean squared error 8.9286
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y, reduction="sum")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
