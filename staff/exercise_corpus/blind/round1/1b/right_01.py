#| kind: right
#| what: zero grad done first, before the forward pass; then forward, loss, backward, step; returns loss.item()
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    optimizer.zero_grad()  # clear last step's gradients before anything else
    prediction = model(x)  # (B, 1)
    loss = F.mse_loss(prediction, y)
    loss.backward()
    optimizer.step()
    return loss.item()


check_train_step(train_step)
