#| kind: wrong
#| what: returns the last batch's loss (the loop variable after the loop), not the mean over batches
#| expect: One batch only: evaluate returns 7.8252, the loss of batch 3 of 3 alone
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            loss = F.mse_loss(model(x), y)
    return loss.item()


check_evaluate(evaluate)
