#| kind: right
#| what: helper function for forward+loss, shape assert, torch.autograd.backward(loss) for the backward step
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def forward_and_loss(model, x, y):
    y_hat = model(x)
    assert y_hat.shape == y.shape, f"output {tuple(y_hat.shape)} vs target {tuple(y.shape)}: would broadcast"
    return F.mse_loss(y_hat, y)


def train_step(model, optimizer, x, y):
    loss = forward_and_loss(model, x, y)
    optimizer.zero_grad()
    torch.autograd.backward(loss)  # same as loss.backward()
    optimizer.step()
    loss_value = loss.item()
    return loss_value


check_train_step(train_step)
