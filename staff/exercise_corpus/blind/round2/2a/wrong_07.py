#| kind: wrong
#| what: hard-codes x.cuda(), y.cuda(): crashes on a machine without a GPU and with a model left on the CPU
#| expect: Your code raised AssertionError ("Torch not compiled with CUDA
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        x, y = x.cuda(), y.cuda()  # move the batch to the GPU
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


check_train_epoch(train_epoch)
