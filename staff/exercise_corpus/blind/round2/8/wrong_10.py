#| kind: wrong
#| what: typo: the loss list is created as loss_list but appended to as losses (NameError at the first step)
#| expect: raised NameError
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    loss_list = []
    for epoch in range(epochs):
        for x, y in train_loader:
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return loss_list


check_fabric_train(train)
