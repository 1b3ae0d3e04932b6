#| kind: wrong
#| what: model.requires_grad_(False) instead of torch.no_grad(): it freezes the weights for good, so the next training epoch cannot backward
#| expect: Parameters left frozen
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    model.requires_grad_(False)  # no gradients during validation
    losses = [F.mse_loss(model(x), y).item() for x, y in val_loader]
    return sum(losses) / len(losses)


check_evaluate(evaluate)
