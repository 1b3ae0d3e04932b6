#| kind: wrong
#| what: state kept between calls: returns a running total of the losses (kept on the function) instead of this step's loss
#| expect: it carries a total over from earlier calls
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    train_step.total = getattr(train_step, "total", 0) + loss.detach()
    return train_step.total


check_device_step(train_step)
