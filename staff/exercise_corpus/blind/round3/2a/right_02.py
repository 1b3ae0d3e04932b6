#| kind: right
#| what: enumerate with a progress print, batches moved to the model's device, zero_grad(set_to_none=False) before the forward, model.train() set again on every batch
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
def train_epoch(model, optimizer, train_loader):
    device = next(model.parameters()).device
    losses = []
    for batch_idx, (x, y) in enumerate(train_loader):
        model.train()  # harmless to repeat; guarantees training mode for every batch
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad(set_to_none=False)  # zeroing before the forward is as good as after it
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if batch_idx % 5 == 0:
            print(f"  batch {batch_idx:3d}  loss {losses[-1]:.4f}")
    return losses


check_train_epoch(train_epoch)
