#| kind: wrong
#| what: steps out of order: zero_grad between backward and step, so every step applies zero gradients and the weights never move
#| expect: optimizer.zero_grad() runs between fabric.backward(loss) and
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
            fabric.backward(loss)
            optimizer.zero_grad()
            optimizer.step()
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
