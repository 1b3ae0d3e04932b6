#| kind: wrong
#| what: mutates the caller's list: pop() takes the last loss off val_losses, so asking twice gives another answer
#| expect: should_stop changes the list it is given
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    current = val_losses.pop()
    best_epoch = val_losses.index(min(val_losses)) if val_losses and min(val_losses) <= current else len(val_losses)
    return len(val_losses) - best_epoch >= patience


check_should_stop(should_stop)
