#| kind: wrong
#| what: returns the loss itself, not detached: it keeps its autograd graph alive
#| expect: train_step returns the loss with its graph (a tensor that requires
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss


check_device_step(train_step)
