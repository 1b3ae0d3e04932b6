#| kind: wrong
#| what: a mutable default list keeps state between calls: from the second epoch on, the returned list also holds the earlier epochs' losses
#| expect: A list kept between calls
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader, losses=[]):
    model.train()
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
