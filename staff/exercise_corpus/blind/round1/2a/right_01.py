#| kind: right
#| what: classic five steps with enumerate, batches moved to the model's own device, loss.item() kept
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()  # dropout on again: a validation pass may have left the model in eval mode
    device = next(model.parameters()).device
    losses = []
    for batch_idx, (x, y) in enumerate(train_loader):
        x, y = x.to(device), y.to(device)
        y_hat = model(x)              # 1. forward
        loss = F.mse_loss(y_hat, y)   # 2. loss
        optimizer.zero_grad()         # 3. zero grad
        loss.backward()               # 4. backward
        optimizer.step()              # 5. step
        losses.append(loss.item())    # a plain float, no graph attached
    return losses


check_train_epoch(train_epoch)
