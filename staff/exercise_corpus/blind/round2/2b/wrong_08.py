#| kind: wrong
#| what: off by one: divides by the last index i of enumerate (number of batches minus 1)
#| expect: Divided by 2, not by the 3 batches
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    val_loss = 0.0
    with torch.no_grad():
        for i, (x, y) in enumerate(val_loader):
            val_loss += F.mse_loss(model(x), y).item()
    return val_loss / i


check_evaluate(evaluate)
