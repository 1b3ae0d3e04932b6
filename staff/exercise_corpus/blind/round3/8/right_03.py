#| kind: right
#| what: beginner, no fabric.launch() (it starts nothing on one device and the exercise does not ask for it), an explicit iterator and while loop per epoch, asserts on dtypes, losses as detached tensors
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
import torch


def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(precision="bf16-mixed", devices=1, accelerator="cpu")
    loader = fabric.setup_dataloaders(train_loader)  # order of the two setups does not matter
    model, optimizer = fabric.setup(model, optimizer)
    assert fabric.device.type == "cpu"

    losses = []
    epoch = 0
    while epoch < epochs:
        batches = iter(loader)
        while True:
            try:
                x, y = next(batches)
            except StopIteration:
                break
            y_hat = model(x)
            assert y_hat.dtype == torch.float32  # Fabric hands the bf16 output back as float32
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
        epoch += 1
    return losses


check_fabric_train(train)
