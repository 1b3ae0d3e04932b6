#| kind: right
#| what: reads the target device from the model's own parameters (where it already is) and moves with .to(device=...)
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    # The model is already on `device`; asking its parameters gives the same place
    # (a plain nn.Module has no .device attribute, so ask a parameter).
    where = next(model.parameters()).device
    x, y = batch
    x = x.to(device=where)
    y = y.to(device=where)
    y_hat = model(x)  # 1. forward
    loss = F.mse_loss(y_hat, y)  # 2. loss
    optimizer.zero_grad()  # 3. zero grad
    loss.backward()  # 4. backward
    optimizer.step()  # 5. step
    detached = loss.detach()
    return detached


check_device_step(train_step)
