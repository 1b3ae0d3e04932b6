#| kind: wrong
#| what: overfit_batches rebuilds the training loader without its batch_size, so DataLoader's default of 1 sample per batch is used
#| expect: overfit_batches(train_loader, val_loader) returns batches of 1 row
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))
    val = list(val_loader)
    return train, val


def overfit_batches(train_loader, val_loader):
    ordered = DataLoader(train_loader.dataset, shuffle=False)
    train = list(itertools.islice(ordered, 2))
    val = list(itertools.islice(val_loader, 2))
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
