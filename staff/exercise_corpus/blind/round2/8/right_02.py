#| kind: right
#| what: copied from Lightning's Fabric docs: batch unpacked inside the loop, model.train(), names input/output/target, fabric.print every 5 batches
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()

    model, optimizer = fabric.setup(model, optimizer)
    dataloader = fabric.setup_dataloaders(train_loader)

    model.train()
    losses = []
    for epoch in range(epochs):
        for i, batch in enumerate(dataloader):
            input, target = batch
            optimizer.zero_grad()
            output = model(input)
            loss = F.mse_loss(output, target)
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
            if i % 5 == 0:
                fabric.print(f"Epoch {epoch}, batch {i}: loss={loss.item():.5f}")
    return losses


check_fabric_train(train)
