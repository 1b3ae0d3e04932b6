#| kind: right
#| what: in a hurry: keyword arguments in another order, no fabric.launch (one device), short names, no prints
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(precision="bf16-mixed", devices=1, accelerator="cpu")
    m, opt = fabric.setup(model, optimizer)
    dl = fabric.setup_dataloaders(train_loader)
    out = []
    for _ in range(epochs):
        for x, y in dl:
            loss = F.mse_loss(m(x), y)
            opt.zero_grad()
            fabric.backward(loss)
            opt.step()
            out += [loss.detach()]
    return out


check_fabric_train(train)
