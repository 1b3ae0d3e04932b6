#| kind: wrong
#| what: the loss is stored with its autograd graph (losses.append(loss), no .detach())
#| expect: train returns the loss with its graph (a tensor that requires grad)
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    losses = []
    for epoch in range(epochs):
        for x, y in train_loader:
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss)
    return losses


check_fabric_train(train)
