#| kind: wrong
#| what: precision="16-mixed", the docs' usual example, instead of "bf16-mixed": on a CPU Fabric swaps it for bf16-mixed with a warning (same numbers), on a GPU it would train in float16 with a GradScaler
#| expect: Fabric warned that float16 mixed precision is not supported on the
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    losses = []
    for epoch in range(epochs):
        for x, y in train_loader:
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return losses


check_fabric_train(train)
