#| kind: wrong
#| what: zero_grad between backward and step: the fresh gradients are wiped before the step, the weights never move
#| expect: optimizer.zero_grad() runs between loss.backward() and optimizer.step()
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
