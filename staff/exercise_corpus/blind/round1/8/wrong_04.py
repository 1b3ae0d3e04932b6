#| kind: wrong
#| what: fabric.setup's return value dropped: the loop uses the raw model, so the forward runs in float32 without autocast and the losses differ
#| expect: the loop calls the model train was given
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    fabric.setup(model, optimizer)
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
