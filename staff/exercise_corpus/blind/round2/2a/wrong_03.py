#| kind: wrong
#| what: no optimizer.zero_grad(): the gradients of every batch add up, each step uses the sum of all earlier ones
#| expect: Gradients pile up
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        y_hat = model(x)  # forward
        loss = F.mse_loss(y_hat, y)  # loss
        loss.backward()  # backward
        optimizer.step()  # step
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
