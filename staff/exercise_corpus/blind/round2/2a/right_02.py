#| kind: right
#| what: knows PyTorch: model.train(True), device taken from the parameters, zero_grad(set_to_none=True) first, loss.detach().item()
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train(True)
    device = next(model.parameters()).device  # works on CPU and GPU alike, no .cuda() needed
    history: list[float] = []
    for x, y in train_loader:
        x = x.to(device, non_blocking=True)
        y = y.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        history.append(loss.detach().item())
    assert all(isinstance(v, float) for v in history)
    return history


check_train_epoch(train_epoch)
