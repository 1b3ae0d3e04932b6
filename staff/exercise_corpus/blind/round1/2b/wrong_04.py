#| kind: wrong
#| what: returns the sum of the batch losses, not their mean
#| expect: The sum, not the mean
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for x, y in val_loader:
            total += F.mse_loss(model(x), y).item()
    return total


check_evaluate(evaluate)
