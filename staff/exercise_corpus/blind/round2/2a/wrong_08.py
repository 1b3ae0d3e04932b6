#| kind: wrong
#| what: wrong order: optimizer.step() before loss.backward(), so each step uses no gradients (zeroed just before) and the weights never move
#| expect: optimizer.step() runs before loss.backward()
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        optimizer.step()
        loss.backward()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
