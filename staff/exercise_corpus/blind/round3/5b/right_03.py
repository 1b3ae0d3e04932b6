#| kind: right
#| what: compares the best of the last `patience` losses with the best before them, guarding short histories, with asserts
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    patience = int(patience)
    assert patience >= 1, patience
    history = [float(value) for value in val_losses]  # a copy: the caller's list stays as it is
    if len(history) <= patience:
        return False  # the best can't be patience validations old yet
    older, recent = history[:-patience], history[-patience:]
    # stop when none of the last `patience` beat the best before them (equal is not better)
    return bool(min(recent) >= min(older))


check_should_stop(should_stop)
