#| kind: wrong
#| what: ignores the device argument and picks cuda-or-cpu itself, as vanilla/minimal.py does: the batch is not moved where the model is (meta, cuda:1, mps)
#| expect: A tensor is on the wrong device
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x, y = batch
    x, y = x.to(device), y.to(device)
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
