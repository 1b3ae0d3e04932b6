#| kind: right
#| what: the loop as a generator of per-step losses collected with list(); forward and loss inside fabric.autocast() as well
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    fabric_model, fabric_optimizer = fabric.setup(model, optimizer)
    fabric_loader = fabric.setup_dataloaders(train_loader)

    def steps():
        for epoch in range(epochs):
            for x, y in fabric_loader:
                with fabric.autocast():  # the same context the wrapper already uses, as the vanilla loop's autocast
                    loss = F.mse_loss(fabric_model(x), y)
                fabric_optimizer.zero_grad()
                fabric.backward(loss)
                fabric_optimizer.step()
                yield loss.detach()

    losses = list(steps())
    print(f"{len(losses)} steps, last loss {losses[-1].item():.4f}")
    return losses


check_fabric_train(train)
