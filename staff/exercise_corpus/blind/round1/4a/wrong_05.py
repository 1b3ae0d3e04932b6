#| kind: wrong
#| what: returns loss.item(), a Python float that makes the CPU wait for the GPU at every step
#| expect: train_step returns a Python number
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


check_device_step(train_step)
