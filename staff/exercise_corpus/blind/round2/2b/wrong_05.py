#| kind: wrong
#| what: state kept between calls: the running total and count live at module level (global), so a second call averages in the first call's batches
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
