#| kind: right
#| what: a fresh iterator per epoch driven with next() in a while loop; the setups in another order; asserts on what Fabric gave
# Exercise 8: train with Fabric in bf16-mixed on the CPU; return the per-step losses.
import torch  # only for the dtype check below

def train(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    loader = fabric.setup_dataloaders(train_loader)  # the loader first: order does not matter here
    model, optimizer = fabric.setup(model, optimizer)
    assert fabric.device.type == "cpu" and fabric.world_size == 1
    losses = []
    epoch = 0
    while epoch < epochs:
        batches = iter(loader)  # a new pass over the data each epoch
        while True:
            try:
                x, y = next(batches)
            except StopIteration:
                break
            out = model(x)
            assert out.dtype == torch.float32  # the wrapper hands the output back in float32
            loss = F.mse_loss(out, y)
            optimizer.zero_grad(set_to_none=True)
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach().clone())
        epoch += 1
    return losses


check_fabric_train(train)
