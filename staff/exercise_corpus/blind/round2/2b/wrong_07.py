#| kind: wrong
#| what: typo: the counter is n_batch but the return divides by n_batches (NameError)
#| expect: raised NameError
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
def evaluate(model, val_loader):
    model.eval()
    val_loss = 0.0
    n_batch = 0
    with torch.no_grad():
        for x, y in val_loader:
            val_loss += F.mse_loss(model(x), y).item()
            n_batch += 1
    return val_loss / n_batches


check_evaluate(evaluate)
