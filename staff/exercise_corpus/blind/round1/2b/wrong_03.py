#| kind: wrong
#| what: model.eval written without parentheses: never called, dropout stays on
#| expect: Validation in training mode
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval
    total, n_batches = 0.0, 0
    with torch.no_grad():
        for x, y in val_loader:
            total += F.mse_loss(model(x), y).item()
            n_batches += 1
    return total / n_batches


check_evaluate(evaluate)
