#| kind: right
#| what: nn.MSELoss module made in the step, map() moves the batch, an assert that it reached the model's device
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    features, target = map(lambda t: t.to(device), batch)
    assert features.device == next(model.parameters()).device, "the batch must be where the model is"
    criterion = torch.nn.MSELoss()  # stateless, so making it here is fine
    optimizer.zero_grad()
    output = model(features)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
