#| kind: wrong
#| what: keeps best and counter in globals across calls, as the training loop would, so asking twice (or about another history) counts again
#| expect: should_stop gives two answers to one question
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
best_so_far = float("inf")
bad_epochs = 0


def should_stop(val_losses, patience):
    global best_so_far, bad_epochs
    if not val_losses:
        return False
    latest = val_losses[-1]  # called once per epoch: only the new loss matters
    if latest < best_so_far:
        best_so_far, bad_epochs = latest, 0
    else:
        bad_epochs += 1
    return bad_epochs >= patience


check_should_stop(should_stop)
