#| kind: right
#| what: index of the first lowest loss with list.index(min(...)); its age compared with patience
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if len(val_losses) == 0:
        return False
    best_epoch = val_losses.index(min(val_losses))  # index() finds the FIRST one: a later tie is no improvement
    age = len(val_losses) - 1 - best_epoch  # validations since the best one
    # age > 0: like Lightning, never stop on the validation that just improved (matters only for patience=0)
    return age > 0 and age >= patience


check_should_stop(should_stop)
