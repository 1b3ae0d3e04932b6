#| kind: right
#| what: a small nested helper moves the batch; model.zero_grad() instead of optimizer.zero_grad() (the optimizer holds all the model's parameters); a comment mentions .cuda()
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    def to_device(tensors):
        # .to(device) rather than .cuda(): it works for any device, meta included
        return tuple(tensor.to(device) for tensor in tensors)

    x, y = to_device(batch)
    loss = F.mse_loss(model(x), y)
    model.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


check_device_step(train_step)
