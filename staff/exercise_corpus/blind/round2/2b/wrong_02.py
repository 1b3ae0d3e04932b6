#| kind: wrong
#| what: no torch.no_grad(): every validation forward records an autograd graph (the number is right, the gradients are recorded)
#| expect: Validation records gradients
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    total = 0.0
    for x, y in val_loader:
        total += F.mse_loss(model(x), y).item()
    return total / len(val_loader)


check_evaluate(evaluate)
