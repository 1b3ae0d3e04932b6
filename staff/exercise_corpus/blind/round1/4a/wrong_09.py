#| kind: wrong
#| what: hard-codes the device as "cuda" instead of using the device argument
#| expect: train_step names the GPU itself
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to("cuda") for t in batch)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
