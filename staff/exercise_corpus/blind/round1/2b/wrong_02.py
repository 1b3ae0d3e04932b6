#| kind: wrong
#| what: no torch.no_grad(): every validation forward records an autograd graph (the numbers themselves are right)
#| expect: Validation records gradients
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    total, n_batches = 0.0, 0
    for x, y in val_loader:
        total += F.mse_loss(model(x), y).item()
        n_batches += 1
    return total / n_batches


check_evaluate(evaluate)
