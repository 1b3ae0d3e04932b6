#| kind: wrong
#| what: compares the last `patience` losses with the one just before them instead of with the best so far, so an older best is forgotten
#| expect: should_stop([5.0, 4.0, 4.5, 4.2, 4.3], patience=2) returns False
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if len(val_losses) <= patience:
        return False  # not enough validations yet
    before = val_losses[-patience - 1]
    recent = val_losses[-patience:]
    return min(recent) >= before  # none of the last `patience` improved on it


check_should_stop(should_stop)
