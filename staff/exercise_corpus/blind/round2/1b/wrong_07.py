#| kind: wrong
#| what: makes a new SGD(lr=0.01) inside the step, ignoring the optimizer passed in (its lr, momentum, state)
#| expect: The weights change, but not by the optimizer you were given
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
