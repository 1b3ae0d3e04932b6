#| kind: right
#| what: Stack Overflow style: zero_grad(set_to_none=True) first, mse_loss with its arguments swapped (symmetric), float(loss) as the number
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    optimizer.zero_grad(set_to_none=True)  # clear whatever an earlier backward left in .grad
    pred = model(x)
    loss = F.mse_loss(y, pred)  # (a - b)^2 == (b - a)^2, so the order does not matter
    loss.backward()
    optimizer.step()
    return float(loss)


check_train_step(train_step)
