#| kind: right
#| what: a helper that moves any batch (list or tuple) with non_blocking=True, nn.MSELoss module, model.zero_grad(), asserts on the devices
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def to_device(batch, device):
    """Moves every tensor of the batch; non_blocking only matters with pinned memory on a GPU."""
    return [t.to(device, non_blocking=True) for t in batch]


def train_step(model, optimizer, batch, device):
    inputs, targets = to_device(batch, device)
    assert inputs.device == targets.device  # both now live with the model, not on the CPU
    criterion = torch.nn.MSELoss()
    predictions = model(inputs)
    loss = criterion(predictions, targets)
    model.zero_grad()  # the optimizer holds exactly the model's parameters, so this is optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
