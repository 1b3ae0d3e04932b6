#| kind: right
#| what: replays EarlyStopping's two numbers (best so far and validations waited) over the history, as Lightning updates them each validation
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    best = float("inf")  # nothing seen yet: the first loss is always an improvement
    waited = 0
    stop = False  # empty history: nothing to compare, keep training
    for loss in val_losses:
        loss = float(loss)  # works for Python floats and 0-d tensors alike
        if loss < best:  # strictly lower: an equal loss is no improvement
            best, waited, stop = loss, 0, False
        else:
            waited += 1
            stop = waited >= patience
    return stop


check_should_stop(should_stop)
