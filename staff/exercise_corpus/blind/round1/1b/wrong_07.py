#| kind: wrong
#| what: output squeezed to (B,) against targets (B, 1): the loss broadcasts to (B, B)
#| expect: The loss broadcasts
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x).squeeze()
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
