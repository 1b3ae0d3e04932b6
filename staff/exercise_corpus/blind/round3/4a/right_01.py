#| kind: right
#| what: unpacks and moves both tensors with a generator and non_blocking=True, zero_grad(set_to_none=True) first, returns loss.detach()
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    # non_blocking lets the copy overlap with GPU work when the loader pins memory; harmless elsewhere
    x, y = (t.to(device, non_blocking=True) for t in batch)
    optimizer.zero_grad(set_to_none=True)  # step 3 first: same result, grads start clean
    y_hat = model(x)                        # step 1: forward
    loss = F.mse_loss(y_hat, y)             # step 2: loss
    loss.backward()                         # step 4: backward
    optimizer.step()                        # step 5: step
    return loss.detach()  # not loss.item(): that would sync with the GPU every step


check_device_step(train_step)
