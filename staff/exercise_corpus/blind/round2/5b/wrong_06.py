#| kind: wrong
#| what: no case for the empty history: min([]) raises ValueError before the first validation
#| expect: should_stop([], patience=2) raises ValueError ("min() arg is an
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best_epoch = val_losses.index(min(val_losses))  # first occurrence: a later tie is no improvement
    age = len(val_losses) - 1 - best_epoch
    return age >= max(patience, 1)


check_should_stop(should_stop)
