#| kind: wrong
#| what: overfit_batches validates on the same training batches instead of the validation loader's first 2
#| expect: validates on training batches
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))  # first 3 batches of this epoch's shuffle
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    return train, val


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)  # shuffling off
    train = list(itertools.islice(in_order, 2))
    return train, train  # overfit: check the model on the batches it trains on


check_debugging_flags(limit_train_batches, overfit_batches)
