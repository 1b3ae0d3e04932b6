#| kind: wrong
#| what: no torch.no_grad(): the same numbers, but every validation forward records a graph for nothing
#| expect: Validation records gradients
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    losses = []
    for x, y in val_loader:
        losses.append(F.mse_loss(model(x), y).item())
    return sum(losses) / len(losses)


check_evaluate(evaluate)
