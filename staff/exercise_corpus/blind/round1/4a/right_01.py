#| kind: right
#| what: unpacks with a generator of .to(device), then the five steps in the lesson's order, returns loss.detach()
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = (t.to(device) for t in batch)
    y_hat = model(x)  # step 1: forward
    loss = F.mse_loss(y_hat, y)  # step 2: loss
    optimizer.zero_grad()  # step 3: zero grad
    loss.backward()  # step 4: backward
    optimizer.step()  # step 5: step
    return loss.detach()


check_device_step(train_step)
