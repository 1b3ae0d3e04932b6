#| kind: wrong
#| what: a loss equal to the best counts as an improvement (<= instead of <), so a tie resets the wait
#| expect: should_stop takes a loss equal to the best for an improvement, so a
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, wait, stop = float("inf"), 0, False
    for loss in val_losses:
        if loss <= best:
            best, wait, stop = loss, 0, False
        else:
            wait += 1
            stop = wait >= patience
    return stop


check_should_stop(should_stop)
