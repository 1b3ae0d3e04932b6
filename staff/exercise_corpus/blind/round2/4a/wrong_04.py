#| kind: wrong
#| what: returns loss.item(), a Python float that makes the CPU wait for the GPU every step (and fails on meta), instead of loss.detach()
#| expect: train_step returns a Python number (3.4768), what .item() gives
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x, y = x.to(device), y.to(device)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_device_step(train_step)
