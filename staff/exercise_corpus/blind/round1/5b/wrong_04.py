#| kind: wrong
#| what: the empty history is not handled: min() of an empty list raises ValueError before the first validation
#| expect: should_stop([], patience=2) raises ValueError
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best_epoch = val_losses.index(min(val_losses))
    return len(val_losses) - 1 - best_epoch >= patience


check_should_stop(should_stop)
