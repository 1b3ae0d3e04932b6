#| kind: wrong
#| what: calls x.to(device) and y.to(device) without assigning the result: Tensor.to is not in place
#| expect: .to() returns a moved copy
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x.to(device)
    y.to(device)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
