#| kind: right
#| what: a closure passed to optimizer.step(closure), which returns the loss
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        def closure():
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            return loss

        loss = optimizer.step(closure)  # SGD calls the closure once and hands its loss back
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
