#| kind: right
#| what: zeroes by hand (p.grad = None for each parameter), asserts shapes, torch.autograd.backward(loss), reads the number before backward
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    # 1. forward
    prediction = model(x)
    assert prediction.shape == y.shape, f"shapes differ: {tuple(prediction.shape)} vs {tuple(y.shape)}"
    # 2. loss
    loss = F.mse_loss(prediction, y)
    value = loss.item()
    # 3. zero grad, by hand as in the lesson
    for p in model.parameters():
        p.grad = None
    # 4. backward (same as loss.backward())
    torch.autograd.backward(loss)
    # 5. step
    optimizer.step()
    return value


check_train_step(train_step)
