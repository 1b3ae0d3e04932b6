#| kind: right
#| what: PyTorch-savvy: steps 1-4 in a closure passed to optimizer.step(closure), whose returned loss is kept; fabric.launch kept
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)

    def make_closure(x, y):
        def closure():
            loss = F.mse_loss(model(x), y)  # steps 1 and 2
            optimizer.zero_grad()  # step 3
            fabric.backward(loss)  # step 4
            return loss
        return closure

    losses = []
    for epoch in range(epochs):
        for x, y in train_loader:
            loss = optimizer.step(make_closure(x, y))  # step 5: SGD calls the closure once, then steps
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
