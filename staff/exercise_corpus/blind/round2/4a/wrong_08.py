#| kind: wrong
#| what: moves only the inputs: y stays on the CPU, so the forward runs and the loss fails on the GPU
#| expect: A tensor is on the wrong device
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x = x.to(device)  # the model only needs x on its device
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
