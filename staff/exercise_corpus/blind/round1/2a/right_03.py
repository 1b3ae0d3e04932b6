#| kind: right
#| what: explicit iterator with next() in a while loop, model.zero_grad() instead of optimizer.zero_grad(), mse via nn.MSELoss
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    criterion = torch.nn.MSELoss()
    model.train()
    history = []
    batches = iter(train_loader)
    while True:
        try:
            x, y = next(batches)
        except StopIteration:
            break
        out = model(x)
        loss = criterion(out, y)
        model.zero_grad()  # the optimizer's parameters are the model's: same effect
        loss.backward()
        optimizer.step()
        history.append(loss.item())
    assert len(history) == len(train_loader)
    return history


check_train_epoch(train_epoch)
