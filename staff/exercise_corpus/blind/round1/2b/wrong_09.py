#| kind: wrong
#| what: the total and the count live at module level: kept between calls, each call returns a running mean over all calls
#| expect: A total kept between calls
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
val_total, val_batches = 0.0, 0


def evaluate(model, val_loader):
    global val_total, val_batches
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            val_total += F.mse_loss(model(x), y).item()
            val_batches += 1
    return val_total / val_batches


check_evaluate(evaluate)
