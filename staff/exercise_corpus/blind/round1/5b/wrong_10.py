#| kind: wrong
#| what: stops whenever the last loss is not a new best once there are more than patience validations: how old the best is never counted
#| expect: the best, 4.0, is only 1 validation old
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if len(val_losses) <= patience:
        return False
    return val_losses[-1] >= min(val_losses[:-1])


check_should_stop(should_stop)
