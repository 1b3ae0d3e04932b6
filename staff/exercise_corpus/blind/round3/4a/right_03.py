#| kind: right
#| what: beginner style: a small helper moves every tensor of the batch in a list comprehension, each of the five steps commented, the detached loss kept in its own variable
# Exercise 4a: move the batch to `device`, then do the five steps; return the loss, detached.
def train_step(model, optimizer, batch, device):
    def to_device(tensors):
        return [tensor.to(device) for tensor in tensors]

    x, y = to_device(batch)

    prediction = model(x)                       # 1. forward
    loss = F.mse_loss(prediction, y)            # 2. loss
    optimizer.zero_grad()                       # 3. zero the old gradients
    loss.backward()                             # 4. backward
    optimizer.step()                            # 5. update the weights

    detached_loss = loss.detach()  # same number, no graph attached
    return detached_loss


check_device_step(train_step)
