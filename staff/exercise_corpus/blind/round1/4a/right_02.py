#| kind: right
#| what: zero grad first with set_to_none, batch moved with a list comprehension and non_blocking=True, MSE through torch.nn.functional
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    optimizer.zero_grad(set_to_none=True)  # clear the last step's gradients before anything else
    inputs, targets = [tensor.to(device, non_blocking=True) for tensor in batch]
    predictions = model(inputs)
    loss = torch.nn.functional.mse_loss(predictions, targets)
    loss.backward()
    optimizer.step()
    return loss.detach()  # not loss.item(): that would make the CPU wait for the GPU


check_device_step(train_step)
