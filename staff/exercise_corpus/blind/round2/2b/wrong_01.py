#| kind: wrong
#| what: model.eval without parentheses: the method is only looked up, never called, so dropout stays on
#| expect: Validation in training mode
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval
    total = 0.0
    with torch.no_grad():
        for x, y in val_loader:
            total += F.mse_loss(model(x), y).item()
    return total / len(val_loader)


check_evaluate(evaluate)
