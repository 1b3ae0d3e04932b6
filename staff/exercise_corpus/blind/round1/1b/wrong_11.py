#| kind: wrong
#| what: batch size hard-coded: y.view(10, 1) only works for batches of 10 rows
#| expect: on a batch of 4 rows it raised RuntimeError
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y.view(10, 1))  # make sure the target is a column
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
