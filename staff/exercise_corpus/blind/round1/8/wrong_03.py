#| kind: wrong
#| what: only the model set up (fabric.setup(model)): the optimizer is not Fabric's, so its step skips the precision plugin / strategy; same numbers on one CPU
#| expect: The optimizer is not set up with Fabric
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model = fabric.setup(model)
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
    return losses


check_fabric_train(train)
