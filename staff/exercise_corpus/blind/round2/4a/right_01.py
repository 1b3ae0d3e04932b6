#| kind: right
#| what: generator unpacking onto the device, zero_grad(set_to_none=True) first, loss by hand as ((y_hat - y) ** 2).mean()
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)  # the loop gave us CPU tensors
    optimizer.zero_grad(set_to_none=True)  # step 3 first: order of zero grad vs forward does not matter
    y_hat = model(x)  # step 1
    loss = ((y_hat - y) ** 2).mean()  # step 2: the same number as F.mse_loss
    loss.backward()  # step 4
    optimizer.step()  # step 5
    return loss.detach()  # no .item(): that would sync with the GPU every step


check_device_step(train_step)
