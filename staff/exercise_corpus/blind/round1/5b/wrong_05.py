#| kind: wrong
#| what: state kept between calls: the best loss and the counter live in globals, so a second history (or the same one asked twice) continues the first
#| expect: its answer depends on what it was asked before
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
best_loss = float("inf")
bad_epochs = 0


def should_stop(val_losses, patience):
    global best_loss, bad_epochs
    if not val_losses:
        return False
    if val_losses[-1] < best_loss:
        best_loss, bad_epochs = val_losses[-1], 0
    else:
        bad_epochs += 1
    return bad_epochs >= patience


check_should_stop(should_stop)
