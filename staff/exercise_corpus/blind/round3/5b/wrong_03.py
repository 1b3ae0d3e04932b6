#| kind: wrong
#| what: no case for the empty history: min() of an empty list raises ValueError before the first validation
#| expect: should_stop([], patience=2) raises ValueError ("min() arg is an
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    best_index = val_losses.index(min(val_losses))
    return len(val_losses) - 1 - best_index >= patience


check_should_stop(should_stop)
