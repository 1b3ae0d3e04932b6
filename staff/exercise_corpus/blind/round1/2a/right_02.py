#| kind: right
#| what: model.train(True), zero_grad(set_to_none=True) first, then forward/loss/backward/step, float(loss.detach())
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train(True)
    step_losses = []
    for inputs, targets in train_loader:
        optimizer.zero_grad(set_to_none=True)   # clear the old gradients before anything else
        predictions = model(inputs)
        loss = F.mse_loss(predictions, targets)
        loss.backward()
        optimizer.step()
        step_losses.append(float(loss.detach()))
    return step_losses


check_train_epoch(train_epoch)
