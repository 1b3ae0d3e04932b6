#| kind: wrong
#| what: overfit_batches keeps the shuffled training loader: different first batches every epoch (Lightning turns shuffling off)
#| expect: overfit_batches(train_loader, val_loader) returns shuffled training
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    return list(itertools.islice(train_loader, 3)), list(val_loader)


def overfit_batches(train_loader, val_loader):
    return list(itertools.islice(train_loader, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
