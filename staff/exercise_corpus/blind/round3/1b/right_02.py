#| kind: right
#| what: a closure handed to optimizer.step: the closure zeroes, forwards, computes the loss and backwards; model.zero_grad() clears the gradients
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    def closure():
        model.zero_grad()  # same parameters as the optimizer holds
        loss = F.mse_loss(model(x), y)  # forward + loss
        loss.backward()
        return loss

    loss = optimizer.step(closure)  # SGD calls the closure once, then updates the weights
    return loss.item()


check_train_step(train_step)
