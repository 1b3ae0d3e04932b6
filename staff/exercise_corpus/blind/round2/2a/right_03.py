#| kind: right
#| what: in a hurry: a while loop over iter(train_loader), losses += [loss.tolist()]
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train(); losses = []; it = iter(train_loader)
    while True:
        try:
            x, y = next(it)
        except StopIteration:
            return losses
        optimizer.zero_grad(); loss = F.mse_loss(model(x), y); loss.backward(); optimizer.step()
        losses += [loss.tolist()]  # a 0-d tensor's tolist() is a float


check_train_epoch(train_epoch)
