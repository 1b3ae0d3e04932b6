#| kind: right
#| what: asks Lightning itself: a fresh EarlyStopping(monitor="val_loss", patience=patience) per call, fed the history through its _evaluate_stopping_criteria
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    from lightning.pytorch.callbacks import EarlyStopping

    # a new callback each call, so nothing is remembered between two questions
    callback = EarlyStopping(monitor="val_loss", patience=patience)
    stop = False
    for loss in val_losses:
        # float64, so that two losses that differ only after float32's precision stay different
        stop, _reason = callback._evaluate_stopping_criteria(torch.as_tensor(float(loss), dtype=torch.float64))
    return bool(stop)


check_should_stop(should_stop)
