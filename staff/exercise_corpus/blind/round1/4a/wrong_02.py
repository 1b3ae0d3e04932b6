#| kind: wrong
#| what: moves only the inputs x to device; the targets y stay on the CPU
#| expect: the targets (batch[1]) are still on the CPU
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x = x.to(device)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
