#| kind: wrong
#| what: a loss equal to the best counts as an improvement (<= instead of <): ties reset the wait
#| expect: takes a loss equal to the best for an improvement
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, wait = float("inf"), 0
    for loss in val_losses:
        if loss <= best:
            best, wait = loss, 0
        else:
            wait += 1
    return wait >= patience and len(val_losses) > 0


check_should_stop(should_stop)
