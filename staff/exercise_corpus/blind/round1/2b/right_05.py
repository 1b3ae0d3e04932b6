#| kind: right
#| what: torch.set_grad_enabled(False) as the context, nn.MSELoss, statistics.fmean over the batch losses
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
import statistics


def evaluate(model, val_loader):
    criterion = torch.nn.MSELoss()
    model.eval()
    with torch.set_grad_enabled(False):
        per_batch = [criterion(model(x), y).item() for x, y in val_loader]
    return statistics.fmean(per_batch)


check_evaluate(evaluate)
