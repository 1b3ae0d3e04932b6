#| kind: right
#| what: setup_module and setup_optimizers separately (the FSDP-friendly order), setup_dataloaders, a helper for one step
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(precision="bf16-mixed", devices=1, accelerator="cpu")
    fabric.launch()
    model = fabric.setup_module(model)
    optimizer = fabric.setup_optimizers(optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)

    def one_step(x, y):
        y_hat = model(x)
        loss = F.mse_loss(y_hat, y)
        optimizer.zero_grad()
        fabric.backward(loss)
        optimizer.step()
        return loss.detach()

    losses = []
    for _ in range(epochs):
        for x, y in train_loader:
            losses.append(one_step(x, y))
    assert len(losses) == epochs * len(train_loader)
    return losses


check_fabric_train(train)
