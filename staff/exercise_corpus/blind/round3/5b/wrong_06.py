#| kind: wrong
#| what: pops losses off the caller's list while counting, so the history is destroyed and a second call answers differently
#| expect: should_stop changes the list it is given ([5.0, 4.0, 4.5] became
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    first_best = val_losses.index(min(val_losses))
    since_best = 0
    while len(val_losses) - 1 > first_best:  # walk back from the end to the best epoch
        val_losses.pop()
        since_best += 1
    return since_best >= patience


check_should_stop(should_stop)
