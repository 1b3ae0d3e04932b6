#| kind: right
#| what: mean squared error written by hand as ((y_hat - y) ** 2).mean(), x and y moved on separate lines with the device= keyword, an assert on the result
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x = x.to(device=device)
    y = y.to(device=device)
    error = model(x) - y
    loss = (error ** 2).mean()  # the same as F.mse_loss
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    detached = loss.detach()
    assert not detached.requires_grad
    return detached


check_device_step(train_step)
