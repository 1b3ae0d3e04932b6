#| kind: wrong
#| what: both iterators are made up front, iter(val_loader) before the first training batch is drawn, so the training sampler's seed comes after the validation iterator's seed draw
#| expect: limit_train_batches(train_loader, val_loader) makes its iterator
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train_iter, val_iter = iter(train_loader), iter(val_loader)
    train = [next(train_iter) for _ in range(3)]
    val = list(val_iter)
    return train, val


def overfit_batches(train_loader, val_loader):
    ordered = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    train = list(itertools.islice(ordered, 2))
    val = list(itertools.islice(val_loader, 2))
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
