#| kind: wrong
#| what: compares each loss with the previous one, not with the best so far: a rise after a dip resets the count
#| expect: compares each loss with the one before it
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    wait = 0
    for previous, loss in zip(val_losses, val_losses[1:]):
        if loss < previous:
            wait = 0
        else:
            wait += 1
    return len(val_losses) > 0 and wait >= patience


check_should_stop(should_stop)
