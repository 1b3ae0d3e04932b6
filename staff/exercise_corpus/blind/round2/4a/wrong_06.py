#| kind: wrong
#| what: no zero grad: gradients pile up from call to call, so every step after the first uses a running sum
#| expect: Gradients pile up
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x, y = x.to(device), y.to(device)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
