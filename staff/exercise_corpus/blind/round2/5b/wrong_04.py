#| kind: wrong
#| what: compares each loss with the previous validation's instead of with the best so far
#| expect: should_stop compares each loss with the one before it, not with the
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    previous, wait, stop = float("inf"), 0, False
    for loss in val_losses:
        if loss < previous:  # it went down: improving
            wait, stop = 0, False
        else:
            wait += 1
            stop = wait >= patience
        previous = loss
    return stop


check_should_stop(should_stop)
