#| kind: right
#| what: iterator driven by hand with next() and StopIteration, model.train(True), losses kept with float()
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train(True)  # dropout on again after a validation pass
    step_losses = []
    batches = iter(train_loader)
    while True:
        try:
            inputs, targets = next(batches)
        except StopIteration:
            break
        outputs = model(inputs)  # forward
        loss = F.mse_loss(outputs, targets)  # loss
        optimizer.zero_grad()  # zero grad
        loss.backward()  # backward
        optimizer.step()  # step
        step_losses.append(float(loss.detach()))  # a plain float, no graph kept
    return step_losses


check_train_epoch(train_epoch)
