#| kind: right
#| what: running minimum with itertools.accumulate, finds the last validation that improved, helper function
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
from itertools import accumulate


def _last_improvement(losses):
    """Index of the last validation that beat every one before it (None for an empty history)."""
    last = None
    best_before = float("inf")
    for index, (loss, best_so_far) in enumerate(zip(losses, accumulate(losses, min))):
        if loss < best_before:
            last = index
        best_before = best_so_far
    return last


def should_stop(val_losses, patience):
    assert patience >= 0, patience
    last = _last_improvement(val_losses)
    if last is None:
        return False
    waited = len(val_losses) - 1 - last
    return waited > 0 and waited >= patience


check_should_stop(should_stop)
