#| kind: right
#| what: statistician: model.train(False), torch.inference_mode(), per-batch losses averaged with statistics.fmean
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
import statistics


def evaluate(model, val_loader):
    model.train(False)  # same as model.eval(): dropout off, batch norm uses its running stats
    with torch.inference_mode():  # stricter than no_grad: no graph, no version counters
        batch_losses = [F.mse_loss(model(x), y).item() for x, y in val_loader]
    return statistics.fmean(batch_losses)


check_evaluate(evaluate)
