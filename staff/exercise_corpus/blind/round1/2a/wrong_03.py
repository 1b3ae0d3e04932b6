#| kind: wrong
#| what: keeps the loss tensor itself in the list: not a number, and every step's autograd graph stays alive
#| expect: train_epoch returns the loss with its graph
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses


check_train_epoch(train_epoch)
