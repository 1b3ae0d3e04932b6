#| kind: wrong
#| what: sums the batch means but divides by the number of rows, len(val_loader.dataset), not the number of batches
#| expect: Divided by the rows, not the batches
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for x, y in val_loader:
            total += F.mse_loss(model(x), y).item()
    return total / len(val_loader.dataset)


check_evaluate(evaluate)
