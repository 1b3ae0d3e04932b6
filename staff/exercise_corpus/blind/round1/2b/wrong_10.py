#| kind: wrong
#| what: model.requires_grad_(False) instead of torch.no_grad(): the parameters stay frozen afterwards and the next training epoch cannot backward
#| expect: Parameters left frozen
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    model.requires_grad_(False)  # no gradients while validating
    total, n_batches = 0.0, 0
    for x, y in val_loader:
        total += F.mse_loss(model(x), y).item()
        n_batches += 1
    return total / n_batches


check_evaluate(evaluate)
