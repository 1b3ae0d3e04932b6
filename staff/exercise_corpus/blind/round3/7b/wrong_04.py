#| kind: wrong
#| what: overfit_batches keeps the shuffled training loader, so each epoch overfits different batches (shuffling not turned off)
#| expect: overfit_batches(train_loader, val_loader) returns shuffled training
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))
    val = list(val_loader)
    return train, val


def overfit_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 2))
    val = list(itertools.islice(val_loader, 2))
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
