#| kind: right
#| what: replays Lightning's EarlyStopping bookkeeping (best starts at inf, wait count reset on a strict improvement) over the history
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    best = float("inf")
    wait_count = 0
    for loss in val_losses:
        if float(loss) < best:  # EarlyStopping with min_delta=0: strictly lower is an improvement
            best = float(loss)
            wait_count = 0
        else:
            wait_count += 1
    return wait_count >= patience  # an empty history leaves wait_count at 0: False


check_should_stop(should_stop)
