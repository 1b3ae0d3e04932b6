#| kind: wrong
#| what: batches moved to a device chosen by hand (cuda if available), not to the model's device: crashes on a GPU machine when the model is on the CPU
#| expect: The batch goes to a GPU the model is not on
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    losses = []
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
