#| kind: wrong
#| what: off by one the other way: the age counts the best validation itself (len - index), so it stops one validation early
#| expect: counts the best validation itself
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    best_epoch = val_losses.index(min(val_losses))
    return len(val_losses) - best_epoch >= patience


check_should_stop(should_stop)
