#| kind: wrong
#| what: returns the loss with its autograd graph (no .detach()): every kept loss holds its graph alive
#| expect: train_step returns the loss with its graph (a tensor that requires
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x, y = x.to(device), y.to(device)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


check_device_step(train_step)
