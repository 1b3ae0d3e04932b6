#| kind: wrong
#| what: fabric.setup's return value dropped: the raw model (no autocast wrapper) and raw optimizer are used, so training runs in float32
#| expect: The model was set up with Fabric, but the loop calls the model
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    fabric.setup(model, optimizer)  # sets them up
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
