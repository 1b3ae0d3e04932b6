#| kind: wrong
#| what: device trap: the batch is never moved to device, it stays on the CPU
#| expect: nothing in train_step moves it to `device`
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
