#| kind: wrong
#| what: returns the loss tensor, with its autograd graph, instead of a number
#| expect: returns the loss with its graph
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


check_train_step(train_step)
