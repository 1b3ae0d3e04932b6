#| kind: right
#| what: setup_module and setup_optimizers called separately instead of fabric.setup; zero_grad(set_to_none=True) moved before the forward; fabric.launch kept
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()  # a no-op on one device, but the script stays ready for devices=N
    model = fabric.setup_module(model)  # moves and wraps: forward under bf16 autocast, output back to float32
    optimizer = fabric.setup_optimizers(optimizer)  # step goes through the precision plugin
    loader = fabric.setup_dataloaders(train_loader)  # batches moved to the device for us
    step_losses = []
    for _ in range(epochs):
        for inputs, targets in loader:
            optimizer.zero_grad(set_to_none=True)  # step 3, done first: the grads are empty either way
            preds = model(inputs)  # step 1
            loss = F.mse_loss(preds, targets)  # step 2
            fabric.backward(loss)  # step 4
            optimizer.step()  # step 5
            step_losses.append(loss.detach())
    return step_losses


check_fabric_train(train)
