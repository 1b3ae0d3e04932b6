#| kind: wrong
#| what: returns loss.item() instead of loss.detach(): a Python float that syncs with the GPU every step (and fails on meta)
#| expect: train_step returns a Python number (3.4768), what .item() gives
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


check_device_step(train_step)
