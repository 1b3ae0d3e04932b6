#| kind: wrong
#| what: limit_train_batches also limits validation to 3 batches (as if limit_val_batches=3): the same on a 2-batch validation loader, not on a longer one
#| expect: limit_train_batches leaves validation whole
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))  # first 3 batches of this epoch's shuffle
    val = list(itertools.islice(val_loader, 3))  # the limit applies to validation too
    return train, val


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)  # shuffling off
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
