#| kind: right
#| what: no fabric.launch() (one device: it would start nothing); setup and setup_dataloaders with their defaults spelled out
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    # devices=1: Fabric runs in this process, launch() is only needed for several devices
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    model, optimizer = fabric.setup(model, optimizer, move_to_device=True)
    train_loader = fabric.setup_dataloaders(train_loader, use_distributed_sampler=True, move_to_device=True)
    history = []
    for epoch in range(epochs):
        for batch_idx, batch in enumerate(train_loader):
            features, target = batch
            prediction = model(features)
            loss = F.mse_loss(prediction, target)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            history.append(loss.detach())
        fabric.print(f"epoch {epoch}: last loss {history[-1].item():.4f}")
    return history


check_fabric_train(train)
