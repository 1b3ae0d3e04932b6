#| kind: wrong
#| what: state kept between calls: one training iterator made once and reused, so the second epoch continues the first pass (batches 4-6) instead of taking the first 3 of a new pass
#| expect: limit_train_batches(train_loader, val_loader) takes its training
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
_train_iterators = {}


def limit_train_batches(train_loader, val_loader):
    if id(train_loader) not in _train_iterators:  # don't restart the loader every epoch
        _train_iterators[id(train_loader)] = iter(itertools.cycle(train_loader))
    batches = _train_iterators[id(train_loader)]
    return [next(batches) for _ in range(3)], list(val_loader)


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
