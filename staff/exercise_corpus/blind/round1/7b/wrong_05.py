#| kind: wrong
#| what: the training iterator kept between calls: each epoch continues the pass the previous epoch started instead of starting a new one
#| expect: from the pass over train_loader that epoch 0 began
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
_iterators = {}


def limit_train_batches(train_loader, val_loader):
    if id(train_loader) not in _iterators:
        _iterators[id(train_loader)] = iter(train_loader)
    train = list(itertools.islice(_iterators[id(train_loader)], 3))
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    return train, val


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)  # shuffling off
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
