#| kind: wrong
#| what: mean taken by dividing by a hard-coded 10: right on batches of 10 rows, wrong on any other batch size
#| expect: train_step returns the batch's loss on the notebook's batches of 10
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = ((y_hat - y) ** 2).sum() / 10  # mean over the batch of 10 rows
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
