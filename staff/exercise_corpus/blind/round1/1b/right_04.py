#| kind: right
#| what: model.train(), model.zero_grad() for the zero-grad step, float(loss.detach()) as the number
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    model.train()
    y_hat = model(x)  # step 1: forward
    loss = F.mse_loss(y_hat, y)  # step 2: loss
    model.zero_grad()  # step 3: the optimizer holds exactly these parameters
    loss.backward()  # step 4: backward
    optimizer.step()  # step 5: step
    return float(loss.detach())


check_train_step(train_step)
