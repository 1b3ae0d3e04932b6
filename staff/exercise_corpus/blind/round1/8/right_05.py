#| kind: right
#| what: Fabric's settings in a dict; one flat iterator over all epochs (itertools.chain); fabric.backward(loss, model=...); losses moved to the CPU
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
import itertools

FABRIC_SETTINGS = dict(accelerator="cpu", devices=1, precision="bf16-mixed")


def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(**FABRIC_SETTINGS)
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    losses = []
    # each `for` over the wrapped loader starts a new epoch; chain walks them one after another
    all_batches = itertools.chain.from_iterable(train_loader for _ in range(epochs))
    for step, (x, y) in enumerate(all_batches):
        loss = F.mse_loss(model(x), y)
        optimizer.zero_grad()
        fabric.backward(loss, model=model)
        optimizer.step()
        losses.append(loss.detach().cpu())  # .cpu(): a no-op here, keeps the list off the GPU elsewhere
        if step % 10 == 0:
            fabric.print(f"step {step}: loss {loss.item():.4f}")
    return losses


check_fabric_train(train)
