#| kind: wrong
#| what: state kept between calls: a list outside the function keeps growing, so later validations average over every earlier one too
#| expect: A total kept between calls
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
val_losses = []  # collect validation losses


def evaluate(model, val_loader):
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            val_losses.append(F.mse_loss(model(x), y).item())
    return sum(val_losses) / len(val_losses)


check_evaluate(evaluate)
