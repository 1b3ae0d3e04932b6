#| kind: wrong
#| what: off by one: stops only when the wait exceeds patience (> instead of >=), one validation late
#| expect: should_stop stops only once the best is more than `patience`
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, wait, stop = float("inf"), 0, False
    for loss in val_losses:
        if loss < best:
            best, wait, stop = loss, 0, False
        else:
            wait += 1
            stop = wait > patience
    return stop


check_should_stop(should_stop)
