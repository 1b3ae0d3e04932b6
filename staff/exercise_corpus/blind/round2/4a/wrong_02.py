#| kind: wrong
#| what: a LightningModule habit: model.device does not exist on a plain nn.Module (AttributeError)
#| expect: raised AttributeError
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    x, y = batch
    x, y = x.to(model.device), y.to(model.device)  # where the model is
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
