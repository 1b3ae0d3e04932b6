#| kind: wrong
#| what: step before backward: the step at the top applies the previous batch's (or the stale) gradients, one step late
#| expect: optimizer.step() runs before loss.backward()
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    optimizer.step()  # apply the gradients we have
    optimizer.zero_grad()
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()  # ready for the next call
    return loss.item()


check_train_step(train_step)
