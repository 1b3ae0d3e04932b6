#| kind: wrong
#| what: the counter is never reset on an improvement: it counts all non-improving validations in total, not those since the best
#| expect: counts every validation without improvement since the start
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best, bad_epochs = float("inf"), 0
    for loss in val_losses:
        if loss < best:
            best = loss
        else:
            bad_epochs += 1
    return len(val_losses) > 0 and bad_epochs >= patience


check_should_stop(should_stop)
