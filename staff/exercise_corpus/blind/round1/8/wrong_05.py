#| kind: wrong
#| what: the loss kept with its autograd graph: losses.append(loss) instead of loss.detach()
#| expect: returns the loss with its graph
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
            losses.append(loss)
    return losses


check_fabric_train(train)
