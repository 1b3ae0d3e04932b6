#| kind: wrong
#| what: state kept between calls: returns the running mean of all losses so far, not this batch's loss
#| expect: the mean of the losses of steps 1 to 2
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
history = []


def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    history.append(loss.item())
    return sum(history) / len(history)


check_train_step(train_step)
