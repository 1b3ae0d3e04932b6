#| kind: wrong
#| what: zero_grad placed between backward and step: the gradients are wiped before the update
#| expect: wipes the gradients just computed
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
