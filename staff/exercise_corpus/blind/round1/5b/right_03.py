#| kind: right
#| what: compares the last patience losses with the best of the ones before: stop when none of them beat it
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    window = max(patience, 1)  # patience 0 stops exactly when patience 1 does: at the first non-improvement
    earlier, recent = val_losses[:-window], val_losses[-window:]
    if not earlier:  # too few validations for the best to be that old (or none at all)
        return False
    return min(recent) >= min(earlier)


check_should_stop(should_stop)
