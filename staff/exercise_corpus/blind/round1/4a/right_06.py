#| kind: right
#| what: indexes the batch instead of unpacking, zero grad before the forward, returns a detached clone
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x = batch[0].to(device)
    y = batch[1].to(device)
    optimizer.zero_grad()
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.step()
    return loss.detach().clone()  # a detached copy: no graph, stays on the device


check_device_step(train_step)
