#| kind: wrong
#| what: appends a running total of the losses instead of each step's own loss
#| expect: A running total, not each step's loss
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    total = 0.0
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        losses.append(total)
    return losses


check_train_epoch(train_epoch)
