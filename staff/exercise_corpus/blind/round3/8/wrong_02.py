#| kind: wrong
#| what: the loader is not set up with fabric.setup_dataloaders: same numbers on a CPU, but batches stay off the GPU and no DistributedSampler with several processes
#| expect: The loader is not set up with Fabric
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    losses = []
    for epoch in range(epochs):
        for x, y in train_loader:  # already on the CPU, nothing to move
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
