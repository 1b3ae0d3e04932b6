#| kind: wrong
#| what: off by one: divides by the last enumerate index (n_batches - 1)
#| expect: Divided by 2, not by the 3 batches
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i, (x, y) in enumerate(val_loader):
            total += F.mse_loss(model(x), y).item()
    return total / i


check_evaluate(evaluate)
