#| kind: wrong
#| what: returns the last batch's loss only: the loop overwrites loss and nothing averages
#| expect: One batch only
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            loss = F.mse_loss(model(x), y)
    return loss.item()


check_evaluate(evaluate)
