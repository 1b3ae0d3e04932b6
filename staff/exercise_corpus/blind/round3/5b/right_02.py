#| kind: right
#| what: beginner: early return on an empty list, index of the first minimum, age counted from the end
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    if len(val_losses) == 0:
        return False  # nothing validated yet
    best = min(val_losses)
    best_epoch = val_losses.index(best)  # index() finds the FIRST one, so a tie later is not an improvement
    epochs_since_best = len(val_losses) - 1 - best_epoch
    print("best", best, "at", best_epoch, "->", epochs_since_best, "validations ago")
    if epochs_since_best >= patience:
        return True
    else:
        return False


check_should_stop(should_stop)
