#| kind: wrong
#| what: zero grad between backward and step: the step uses gradients just set to zero, so nothing learns
#| expect: optimizer.zero_grad() runs between loss.backward() and optimizer.step()
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
