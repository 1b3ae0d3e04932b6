#| kind: wrong
#| what: limit_train_batches also limits validation to 1 batch (limit_val_batches=1 copied from the lesson's example), though only the training limit is set
#| expect: limit_train_batches(train_loader, val_loader) returns 1 validation
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))
    val = list(itertools.islice(val_loader, 1))
    return train, val


def overfit_batches(train_loader, val_loader):
    ordered = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    train = list(itertools.islice(ordered, 2))
    val = list(itertools.islice(val_loader, 2))
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
