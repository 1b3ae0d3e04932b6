#| kind: right
#| what: replays EarlyStopping's two numbers (best, validations since) over the history, fresh each call
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, wait = float("inf"), 0
    stop = False  # empty history: nothing to compare, keep training
    for loss in val_losses:
        if loss < best:  # strictly lower: an equal loss is no improvement
            best, wait = loss, 0
            stop = False
        else:
            wait += 1
            stop = wait >= patience
    return stop


check_should_stop(should_stop)
