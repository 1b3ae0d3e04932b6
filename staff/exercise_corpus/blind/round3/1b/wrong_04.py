#| kind: wrong
#| what: returns the loss tensor itself, graph and all, not a number (loss.item())
#| expect: train_step returns the loss with its graph (a tensor that requires
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


check_train_step(train_step)
