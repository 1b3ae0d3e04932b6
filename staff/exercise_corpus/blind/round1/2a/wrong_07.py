#| kind: wrong
#| what: makes a new SGD optimizer (lr 0.01) inside the function instead of using the one passed in
#| expect: The weights change, but not by the optimizer you were given
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
