#| kind: wrong
#| what: only the model is set up (fabric.setup(model)); the optimizer is used raw, so its step bypasses the precision plugin / strategy
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
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
