#| kind: right
#| what: copied from the Fabric docs: fabric.setup(model, optimizer) and setup_dataloaders, batch unpacked inside the loop, zero_grad moved to the top of the step (before the forward), losses gathered with detach()
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()

    model, optimizer = fabric.setup(model, optimizer)
    dataloader = fabric.setup_dataloaders(train_loader)

    losses = []
    model.train()
    for epoch in range(epochs):
        for batch in dataloader:
            input, target = batch
            optimizer.zero_grad()
            output = model(input)
            loss = F.mse_loss(output, target)
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    print(f"{len(losses)} steps, last loss {losses[-1].item():.4f}")
    return losses


check_fabric_train(train)
