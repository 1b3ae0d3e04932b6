#| kind: wrong
#| what: off by one: stops only when the best is MORE than patience validations old (> instead of >=)
#| expect: stops only once the best is more than `patience` validations old
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    best_epoch = val_losses.index(min(val_losses))
    return len(val_losses) - 1 - best_epoch > patience


check_should_stop(should_stop)
