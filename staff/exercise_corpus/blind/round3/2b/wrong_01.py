#| kind: wrong
#| what: no model.eval(): validation runs in training mode, with dropout still on
#| expect: Validation in training mode
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    losses = []
    with torch.no_grad():
        for x, y in val_loader:
            losses.append(F.mse_loss(model(x), y).item())
    return sum(losses) / len(losses)


check_evaluate(evaluate)
