#| kind: wrong
#| what: limit_train_batches takes the validation batches before the training ones, so the validation iterator's seed draw shifts the training shuffle
#| expect: limit_train_batches(train_loader, val_loader) makes its iterator
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    val = list(val_loader)
    train = list(itertools.islice(train_loader, 3))
    return train, val


def overfit_batches(train_loader, val_loader):
    ordered = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    train = list(itertools.islice(ordered, 2))
    val = list(itertools.islice(val_loader, 2))
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
