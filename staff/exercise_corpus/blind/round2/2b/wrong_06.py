#| kind: wrong
#| what: return indented inside the for loop: returns after the first batch, the loss of that batch only
#| expect: One batch only
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    total = 0.0
    n = 0
    with torch.no_grad():
        for x, y in val_loader:
            total += F.mse_loss(model(x), y).item()
            n += 1
            return total / n


check_evaluate(evaluate)
