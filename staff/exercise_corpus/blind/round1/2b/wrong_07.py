#| kind: wrong
#| what: loss with reduction='sum': each batch's summed squared error, averaged over batches
#| expect: 4 times the mean squared error
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    losses = []
    with torch.no_grad():
        for x, y in val_loader:
            losses.append(F.mse_loss(model(x), y, reduction="sum").item())
    return sum(losses) / len(losses)


check_evaluate(evaluate)
