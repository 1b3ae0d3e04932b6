#| kind: wrong
#| what: zero grad once before the loop instead of every step: gradients pile up across the epoch's batches
#| expect: Gradients pile up
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    optimizer.zero_grad()  # start the epoch with clean gradients
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
