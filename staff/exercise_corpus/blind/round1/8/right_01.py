#| kind: right
#| what: the lesson's four Fabric calls with other names; zero_grad at the top of each step; fabric.print every 5th batch
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()  # one device: starts no process, but the script stays ready for devices=2
    net, opt = fabric.setup(model, optimizer)  # no model.to(device), no .cuda() anywhere
    batches = fabric.setup_dataloaders(train_loader)  # each batch lands on fabric.device by itself
    step_losses = []
    for epoch in range(epochs):
        for i, (inputs, targets) in enumerate(batches):
            opt.zero_grad()  # step 3 first: clearing before the forward is the same as after it
            preds = net(inputs)  # step 1: forward, under bf16 autocast inside the wrapper
            loss = F.mse_loss(preds, targets)  # step 2: loss, in float32
            fabric.backward(loss)  # step 4
            opt.step()  # step 5
            step_losses.append(loss.detach())
            if i % 5 == 0:
                fabric.print(f"epoch {epoch} batch {i}: loss {loss.item():.4f}")
    return step_losses


check_fabric_train(train)
