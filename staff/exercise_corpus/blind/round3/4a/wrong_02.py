#| kind: wrong
#| what: calls .to(device) without assigning the result: Tensor.to is not in place, the batch stays on the CPU
#| expect: A tensor is on the wrong device
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x.to(device)
    y.to(device)
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
