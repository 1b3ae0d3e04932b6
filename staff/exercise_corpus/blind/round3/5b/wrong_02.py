#| kind: wrong
#| what: off by one: stops only when the best is more than patience validations old (> instead of >=)
#| expect: should_stop stops only once the best is more than `patience`
# Exercise 5b: return True when the lowest val_loss so far is `patience` or more validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    best_index = val_losses.index(min(val_losses))
    return len(val_losses) - 1 - best_index > patience


check_should_stop(should_stop)
