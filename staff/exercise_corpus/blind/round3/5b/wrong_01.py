#| kind: wrong
#| what: a loss equal to the best counts as an improvement (<= instead of <), so ties reset the counter
#| expect: should_stop takes a loss equal to the best for an improvement, so a
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    best = float("inf")
    wait = 0
    for loss in val_losses:
        if loss <= best:
            best = loss
            wait = 0
        else:
            wait += 1
    return wait >= patience


check_should_stop(should_stop)
