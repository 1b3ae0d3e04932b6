#| kind: right
#| what: docs style: separate inputs/targets moved one by one, nn.MSELoss object as criterion, an assert on the loss device type
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    inputs, targets = batch
    inputs = inputs.to(device)    # like .cuda(), but to whatever device the loop chose
    targets = targets.to(device)

    criterion = torch.nn.MSELoss()
    outputs = model(inputs)
    loss = criterion(outputs, targets)

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

    assert loss.device.type == torch.device(device).type, "the loss should live where the model is"
    return loss.detach()


check_device_step(train_step)
