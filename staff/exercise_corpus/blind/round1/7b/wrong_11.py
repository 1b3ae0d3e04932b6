#| kind: wrong
#| what: half-done: overfit_batches left with its raise NotImplementedError
#| expect: not done yet
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))  # first 3 batches of this epoch's shuffle
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    return train, val


def overfit_batches(train_loader, val_loader):
    raise NotImplementedError("Exercise 7b: return (training batches, validation batches) of one epoch under each flag. Replace this line with your answer.")


check_debugging_flags(limit_train_batches, overfit_batches)
