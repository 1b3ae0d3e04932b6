#| kind: right
#| what: in a hurry: best and counter updated with one conditional tuple, then the counter compared with patience (a stop only after a non-improving validation)
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, wait = float("inf"), 0
    for v in val_losses:
        best, wait = (v, 0) if v < best else (best, wait + 1)
    return wait > 0 and wait >= patience  # Lightning only stops on a validation that did not improve


check_should_stop(should_stop)
