#| kind: wrong
#| what: no optimizer.zero_grad(): gradients add up from one call to the next
#| expect: Gradients pile up
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
