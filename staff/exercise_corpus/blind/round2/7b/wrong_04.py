#| kind: wrong
#| what: off by one in limit_train_batches: the loop breaks only after index 3, so 4 training batches instead of 3
#| expect: limit_train_batches(train_loader, val_loader) returns 4 training
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = []
    for i, batch in enumerate(train_loader):
        if i > 3:
            break
        train.append(batch)
    return train, list(val_loader)


def overfit_batches(train_loader, val_loader):
    train = []
    for i, batch in enumerate(DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)):
        if i >= 2:
            break
        train.append(batch)
    val = []
    for i, batch in enumerate(val_loader):
        if i >= 2:
            break
        val.append(batch)
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
