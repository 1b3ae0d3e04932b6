#| kind: right
#| what: knows the API: setup_module and setup_optimizers separately, setup_dataloaders with keyword options, fabric.backward, losses detached and cloned, fabric.print every other batch
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()  # a no-op on one device, but the script then scales with devices=N
    model = fabric.setup_module(model)  # moves it, wraps the forward in autocast, output back in float32
    optimizer = fabric.setup_optimizers(optimizer)  # its step goes through the precision plugin
    train_loader = fabric.setup_dataloaders(train_loader, move_to_device=True, use_distributed_sampler=True)

    step_losses = []
    for epoch in range(epochs):
        for i, (inputs, targets) in enumerate(train_loader):
            predictions = model(inputs)  # 1: forward (bf16 under autocast)
            loss = F.mse_loss(predictions, targets)  # 2: loss, float32
            optimizer.zero_grad()  # 3
            fabric.backward(loss)  # 4: not loss.backward()
            optimizer.step()  # 5
            step_losses.append(loss.detach().clone())
            if i % 2 == 0:
                fabric.print(f"epoch {epoch} batch {i}: loss {loss.item():.4f}")
    return step_losses


check_fabric_train(train)
