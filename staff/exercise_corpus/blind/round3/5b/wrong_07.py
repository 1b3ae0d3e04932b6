#| kind: wrong
#| what: adds a min_delta of 1e-4 that EarlyStopping(monitor="val_loss", patience=...) does not use, so small improvements do not count
#| expect: should_stop counts only a loss lower than the best by more than a
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
MIN_DELTA = 1e-4  # ignore noise-sized improvements


def should_stop(val_losses, patience):
    best, wait = float("inf"), 0
    for loss in val_losses:
        if loss < best - MIN_DELTA:
            best, wait = loss, 0
        else:
            wait += 1
    return wait >= patience


check_should_stop(should_stop)
