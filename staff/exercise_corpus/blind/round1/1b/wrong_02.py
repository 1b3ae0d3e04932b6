#| kind: wrong
#| what: optimizer.step() before loss.backward(): each step uses the previous batch's gradients
#| expect: optimizer.step() runs before loss.backward()
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    optimizer.step()
    loss.backward()
    return loss.item()


check_train_step(train_step)
