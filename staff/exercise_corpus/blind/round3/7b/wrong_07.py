#| kind: wrong
#| what: overfit_batches keeps one iterator over the in-order loader between calls, so epoch 2 continues with batches 3 and 4 instead of starting again at the first
#| expect: overfit_batches(train_loader, val_loader) returns, in epoch 1, the
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
_ordered_batches = {}  # dataset id -> iterator in order, made once


def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))
    val = list(val_loader)
    return train, val


def overfit_batches(train_loader, val_loader):
    key = id(train_loader.dataset)
    if key not in _ordered_batches:
        _ordered_batches[key] = iter(DataLoader(train_loader.dataset, batch_size=train_loader.batch_size))
    train = list(itertools.islice(_ordered_batches[key], 2))
    val = list(itertools.islice(val_loader, 2))
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
