#| kind: wrong
#| what: the target flattened with y.squeeze(): against the (N, 1) output the loss broadcasts to (N, N)
#| expect: The loss broadcasts
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y.squeeze())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
