#| kind: wrong
#| what: typo in a name (optimiser.step()): NameError on the first batch
#| expect: NameError
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
