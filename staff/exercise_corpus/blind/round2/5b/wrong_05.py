#| kind: wrong
#| what: keeps the best and the counter between calls (on the function) and looks only at the newest loss, as if called once per epoch
#| expect: should_stop([5.0], patience=2) returns False when first asked, in a
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    # early stopping's state across epochs, as in the training loop: kept from one call to the next
    state = should_stop.__dict__.setdefault("state", {"best": float("inf"), "wait": 0})
    if not val_losses:
        return False
    latest = val_losses[-1]
    if latest < state["best"]:
        state["best"], state["wait"] = latest, 0
        return False
    state["wait"] += 1
    return state["wait"] >= patience


check_should_stop(should_stop)
