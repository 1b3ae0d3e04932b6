#| kind: wrong
#| what: returns a 0-d tensor (torch.stack(...).mean() without .item()), not a number
#| expect: A tensor, not a number
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    with torch.no_grad():
        losses = [F.mse_loss(model(x), y) for x, y in val_loader]
    return torch.stack(losses).mean()


check_evaluate(evaluate)
