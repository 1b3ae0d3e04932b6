#| kind: wrong
#| what: overfit_batches leaves shuffling on: the first 2 batches of the shuffled loader, different every epoch
#| expect: returns shuffled training batches
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = list(itertools.islice(train_loader, 3))  # first 3 batches of this epoch's shuffle
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    return train, val


def overfit_batches(train_loader, val_loader):
    return list(itertools.islice(train_loader, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
