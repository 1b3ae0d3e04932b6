#| kind: wrong
#| what: no zero grad at all: gradients add up across steps
#| expect: Gradients pile up
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
