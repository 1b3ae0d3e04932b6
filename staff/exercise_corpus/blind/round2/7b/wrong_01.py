#| kind: wrong
#| what: limit_train_batches iterates the validation loader before the training loader: its iterator draws a seed from the global random state first, so the training shuffle differs from Lightning's (train first, then validation)
#| expect: limit_train_batches(train_loader, val_loader) makes its iterator
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    val = [*val_loader]
    return list(train_loader)[:3], val


def overfit_batches(train_loader, val_loader):
    return list(DataLoader(train_loader.dataset, train_loader.batch_size))[:2], list(val_loader)[:2]


check_debugging_flags(limit_train_batches, overfit_batches)
