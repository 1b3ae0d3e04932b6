#| kind: wrong
#| what: typo: optimiser.step() with the British spelling, a NameError
#| expect: NameError
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimiser.step()
    return loss.detach()


check_device_step(train_step)
