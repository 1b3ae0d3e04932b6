#| kind: right
#| what: closure passed to optimizer.step(closure): zero grad, forward, loss, backward inside it; returns the closure's loss .item()
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    def closure():
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        return loss

    loss = optimizer.step(closure)  # SGD calls the closure once, then updates
    return loss.item()


check_train_step(train_step)
