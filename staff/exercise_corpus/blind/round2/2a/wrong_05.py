#| kind: wrong
#| what: state kept between calls: a mutable default list (losses=[]) grows over the epochs, so epoch 2 returns epoch 1's losses too
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
