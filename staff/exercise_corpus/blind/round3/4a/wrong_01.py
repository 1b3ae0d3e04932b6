#| kind: wrong
#| what: moves only the inputs x to the device; the targets y stay on the CPU
#| expect: A tensor is on the wrong device
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x = x.to(device)  # the model needs its input on the device
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
