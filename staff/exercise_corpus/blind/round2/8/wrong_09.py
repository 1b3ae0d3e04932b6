#| kind: wrong
#| what: a new Fabric is made and setup called inside the epoch loop: works for epochs=1, the second epoch sets up an already set-up model
#| expect: raised ValueError
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    losses = []
    for epoch in range(epochs):
        fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
        fabric.launch()
        model, optimizer = fabric.setup(model, optimizer)
        loader = fabric.setup_dataloaders(train_loader)
        for x, y in loader:
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
