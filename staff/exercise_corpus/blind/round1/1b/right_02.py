#| kind: right
#| what: F.mse_loss called with target first (symmetric), zero_grad(set_to_none=True), number read before backward
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    out = model(x)
    loss = F.mse_loss(y, out)  # (a - b)**2 == (b - a)**2, same loss and same gradient
    value = loss.item()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return value


check_train_step(train_step)
