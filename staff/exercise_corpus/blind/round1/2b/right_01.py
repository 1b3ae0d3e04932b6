#| kind: right
#| what: model.eval(), torch.no_grad() block, a sum of loss.item() and a batch counter
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()  # dropout off, batch norm uses its running statistics
    total, n_batches = 0.0, 0
    with torch.no_grad():  # only measuring: no graph
        for x, y in val_loader:
            total += F.mse_loss(model(x), y).item()
            n_batches += 1
    return total / n_batches


check_evaluate(evaluate)
