#| kind: right
#| what: one helper for both flags (flag values as arguments, an iterator made with iter and next), returning tuples; the sampler's data_source for the in-order loader
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def take(loader, n):
    """The first n batches of one pass over the loader (all of them when n is None)."""
    iterator = iter(loader)
    batches = []
    while n is None or len(batches) < n:
        batch = next(iterator, None)
        if batch is None:
            break
        batches.append(batch)
    return tuple(batches)


def run_flag(train_loader, val_loader, n_train, n_val):
    train = take(train_loader, n_train)  # the training pass first, as in the Trainer's epoch
    val = take(val_loader, n_val)
    return train, val


def limit_train_batches(train_loader, val_loader):
    return run_flag(train_loader, val_loader, n_train=3, n_val=None)


def overfit_batches(train_loader, val_loader):
    dataset = train_loader.sampler.data_source  # RandomSampler keeps the dataset it draws from
    assert dataset is train_loader.dataset
    ordered = DataLoader(dataset, train_loader.batch_size)
    return run_flag(ordered, val_loader, n_train=2, n_val=2)


check_debugging_flags(limit_train_batches, overfit_batches)
