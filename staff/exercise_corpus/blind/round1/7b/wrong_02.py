#| kind: wrong
#| what: limit_train_batches turns shuffling off (takes the first batches of an in-order copy), which only overfit_batches does
#| expect: shuffling is off, which only overfit_batches does
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    train = list(itertools.islice(in_order, 3))  # the first 3 batches of the data
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    return train, val


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)  # shuffling off
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
