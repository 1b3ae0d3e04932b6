#| kind: wrong
#| what: the counter is a running total of all non-improving validations: it is never reset when the loss improves
#| expect: should_stop([5.0, 4.0, 4.5, 4.2, 4.3, 3.9, 4.1], patience=2)
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, bad_epochs, stop = float("inf"), 0, False
    for loss in val_losses:
        if loss < best:
            best, stop = loss, False
        else:
            bad_epochs += 1
            stop = bad_epochs >= patience
    return stop


check_should_stop(should_stop)
