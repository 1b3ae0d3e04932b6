#| kind: right
#| what: grads cleared by hand through optimizer.param_groups (p.grad = None), loss detached before .item()
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
def train_step(model, optimizer, x, y):
    y_hat = model(x)
    loss = F.mse_loss(y_hat, y)
    for group in optimizer.param_groups:
        for p in group["params"]:
            p.grad = None  # what zero_grad() does by default
    loss.backward()
    optimizer.step()
    return loss.detach().item()


check_train_step(train_step)
