#| kind: right
#| what: plain for loops with break, the limits as named constants, shuffle=False for the overfit loader, a print of the counts
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
LIMIT_TRAIN = 3  # Trainer(limit_train_batches=3)
OVERFIT = 2  # Trainer(overfit_batches=2)


def first_batches(loader, n):
    taken = []
    if n <= 0:
        return taken
    for batch in loader:
        taken.append(batch)
        if len(taken) == n:
            break
    return taken


def limit_train_batches(train_loader, val_loader):
    train = first_batches(train_loader, LIMIT_TRAIN)
    val = first_batches(val_loader, len(val_loader))
    print(f"limit_train_batches: {len(train)} training, {len(val)} validation batches")
    return train, val


def overfit_batches(train_loader, val_loader):
    fixed = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=False)
    train = first_batches(fixed, OVERFIT)
    val = first_batches(val_loader, OVERFIT)
    print(f"overfit_batches: {len(train)} training, {len(val)} validation batches")
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
