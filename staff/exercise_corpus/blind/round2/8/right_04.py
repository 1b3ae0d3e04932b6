#| kind: right
#| what: beginner style: while loop over epochs, hand-made iterator with next(), dtype asserts, comments mentioning loss.backward() and .cuda(), detached clones kept
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
import torch


def train(model, optimizer, train_loader, epochs):
    # Fabric does what .cuda() / .to(device) and torch.autocast did by hand
    fabric = L.Fabric(
        accelerator="cpu",
        devices=1,
        precision="bf16-mixed",
    )
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)

    all_losses = []
    epoch = 0
    while epoch < epochs:
        batches = iter(train_loader)
        batch_idx = 0
        while True:
            try:
                x, y = next(batches)
            except StopIteration:
                break
            # 1. forward
            y_hat = model(x)
            assert y_hat.dtype == torch.float32  # Fabric hands the output back in float32
            # 2. loss
            loss = F.mse_loss(y_hat, y)
            # 3. zero grad
            optimizer.zero_grad()
            # 4. backward: NOT loss.backward(), Fabric wants to do it itself
            fabric.backward(loss)
            # 5. step
            optimizer.step()
            all_losses.append(loss.detach().clone())
            if batch_idx % 2 == 0:
                print("epoch", epoch, "batch", batch_idx, "loss", round(loss.item(), 4))
            batch_idx += 1
        epoch += 1
    print("number of steps:", len(all_losses))
    return all_losses


check_fabric_train(train)
