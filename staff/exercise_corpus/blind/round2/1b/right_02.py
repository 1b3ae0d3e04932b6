#| kind: right
#| what: model.zero_grad() instead of optimizer.zero_grad(), forward inlined in the loss, returns loss.detach().cpu().item()
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)  # forward + loss in one line
    model.zero_grad()  # same parameters as the optimizer holds
    loss.backward()
    optimizer.step()
    return loss.detach().cpu().item()


check_train_step(train_step)
