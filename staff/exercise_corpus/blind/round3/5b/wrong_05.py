#| kind: wrong
#| what: compares each loss with the previous epoch's instead of with the best, so counts consecutive non-decreases
#| expect: should_stop compares each loss with the one before it, not with the
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    worse_in_a_row = 0
    for previous, current in zip(val_losses, val_losses[1:]):
        if current < previous:
            worse_in_a_row = 0
        else:
            worse_in_a_row += 1
    return worse_in_a_row >= patience


check_should_stop(should_stop)
