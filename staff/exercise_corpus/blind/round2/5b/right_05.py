#| kind: right
#| what: age of the best >= patience alone: with patience=0 it stops right after an improvement, which Lightning never does
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    best_epoch = val_losses.index(min(val_losses))  # first occurrence: a later tie is no improvement
    return len(val_losses) - 1 - best_epoch >= patience


check_should_stop(should_stop)
