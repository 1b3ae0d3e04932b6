#| kind: right
#| what: a beginner's plain for loops with enumerate and break, and a second DataLoader with shuffle=False for overfitting
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train_batches = []
    for i, batch in enumerate(train_loader):  # training first: this draws the shuffle of the epoch
        if i == 3:
            break
        train_batches.append(batch)
    val_batches = []
    for batch in val_loader:  # limit_val_batches is not set: every validation batch
        val_batches.append(batch)
    return train_batches, val_batches


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=False)
    train_batches = []
    for i, batch in enumerate(in_order):
        if i == 2:
            break
        train_batches.append(batch)
    val_batches = []
    for i, batch in enumerate(val_loader):
        if i == 2:
            break
        val_batches.append(batch)
    return train_batches, val_batches


check_debugging_flags(limit_train_batches, overfit_batches)
