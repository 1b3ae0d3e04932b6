#| kind: wrong
#| what: makes a new SGD optimizer (lr 0.01) inside the function and ignores the optimizer it is given (its lr, momentum and state)
#| expect: The weights change, but not by the optimizer you were given
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)  # the optimizer from the lesson
    losses = []
    for x, y in train_loader:
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
