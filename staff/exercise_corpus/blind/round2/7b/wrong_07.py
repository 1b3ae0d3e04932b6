#| kind: wrong
#| what: overfit's in-order loader is made without the batch size (DataLoader(train_loader.dataset)): batches of 1 row instead of the loader's batch_size
#| expect: overfit_batches(train_loader, val_loader) returns batches of 1 row
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    return list(itertools.islice(train_loader, 3)), list(val_loader)


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, shuffle=False)  # same data, no shuffling
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
