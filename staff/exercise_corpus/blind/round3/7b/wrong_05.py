#| kind: wrong
#| what: overfit_batches validates on the training batches it overfits, not on the validation loader's first 2 batches
#| expect: overfit_batches(train_loader, val_loader) validates on training
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))
    val = list(val_loader)
    return train, val


def overfit_batches(train_loader, val_loader):
    ordered = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    train = list(itertools.islice(ordered, 2))
    val = train  # overfitting: score the model on the batches it trains on
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
