#| kind: wrong
#| what: the loss list is made inside the epoch loop, so only the last epoch's losses come back (right only with epochs=1)
#| expect: train returns 3 losses for the 9 steps it ran (lesson 2, "The code")
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    for epoch in range(epochs):
        losses = []
        for x, y in train_loader:
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
