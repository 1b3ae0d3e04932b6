#| kind: wrong
#| what: PyTorch-tutorial order, zero_grad after step: the first step uses whatever .grad held before the call
#| expect: Gradients pile up
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    # as in the PyTorch quickstart tutorial
    pred = model(x)
    loss = F.mse_loss(pred, y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()


check_train_step(train_step)
