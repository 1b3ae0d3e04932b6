#| kind: right
#| what: beginner style: plain for loops with a counter and break; overfit makes a new DataLoader on the same dataset with shuffle=False
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train_batches = []
    for batch in train_loader:
        if len(train_batches) == 3:
            break
        train_batches.append(batch)
    val_batches = []
    for batch in val_loader:  # limit_val_batches is not set: all of them
        val_batches.append(batch)
    return train_batches, val_batches


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=False)
    train_batches = []
    for batch in in_order:
        if len(train_batches) == 2:
            break
        train_batches.append(batch)
    val_batches = []
    for batch in val_loader:
        if len(val_batches) == 2:
            break
        val_batches.append(batch)
    return train_batches, val_batches


check_debugging_flags(limit_train_batches, overfit_batches)
