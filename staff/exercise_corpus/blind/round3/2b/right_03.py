#| kind: right
#| what: over-engineered, Lightning-like: a context manager that switches to eval mode with gradients off and puts the previous mode back afterwards; a running sum over a batch count
# Exercise 2b: return the mean loss over val_loader, in eval mode and without recording gradients.
from contextlib import contextmanager


@contextmanager
def evaluating(module):
    """Eval mode and no autograd inside the block; the previous mode comes back after it."""
    was_training = module.training
    module.eval()
    try:
        with torch.set_grad_enabled(False):
            yield module
    finally:
        module.train(was_training)


def evaluate(model, val_loader):
    total, n_batches = 0.0, 0
    with evaluating(model) as net:
        for x, y in val_loader:
            total += F.mse_loss(net(x), y).item()
            n_batches += 1
    return total / n_batches


check_evaluate(evaluate)
