#| kind: right
#| what: zero_grad(set_to_none=True) first, before the forward; returns float(loss)
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    optimizer.zero_grad(set_to_none=True)  # clear last step's gradients up front
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.step()
    return float(loss)


check_train_step(train_step)
