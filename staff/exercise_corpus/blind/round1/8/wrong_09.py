#| kind: wrong
#| what: returns (losses, model), copied from fabric_version/minimal.py, instead of the per-step losses alone
#| expect: train returns a tuple of 2 items
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    losses = []
    for epoch in range(epochs):
        for x, y in train_loader:
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            fabric.backward(loss)  # step 4: backward
            optimizer.step()  # step 5: step
            losses.append(loss.detach())
    return losses, model


check_fabric_train(train)
