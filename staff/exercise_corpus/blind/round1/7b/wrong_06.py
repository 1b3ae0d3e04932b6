#| kind: wrong
#| what: the validation loader iterated before the training loader: its iterator draws from the random state first, so the epoch's shuffle differs
#| expect: makes its iterator over val_loader before it draws its first batch from train_loader
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    train = list(itertools.islice(train_loader, 3))  # first 3 batches of this epoch's shuffle
    return train, val


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)  # shuffling off
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
