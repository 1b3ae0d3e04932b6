#| kind: right
#| what: in a hurry: list(loader)[:n] slices of one full pass each, training first, overfit's in-order loader from DataLoader(dataset, batch_size) positionally
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    return list(train_loader)[:3], list(val_loader)


def overfit_batches(train_loader, val_loader):
    return list(DataLoader(train_loader.dataset, train_loader.batch_size))[:2], list(val_loader)[:2]


check_debugging_flags(limit_train_batches, overfit_batches)
