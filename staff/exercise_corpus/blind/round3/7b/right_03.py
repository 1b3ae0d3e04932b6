#| kind: right
#| what: over-engineered: one helper with itertools.islice and None for no limit, a flag table, asserts and prints; the training pass taken before the validation pass
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
FLAGS = {"limit_train_batches": {"train": 3, "val": None, "in_order": False},
         "overfit_batches": {"train": 2, "val": 2, "in_order": True}}
VERBOSE = True


def _epoch_batches(flag, train_loader, val_loader):
    spec = FLAGS[flag]
    if spec["in_order"]:  # overfit_batches: shuffling off, the same first batches every epoch
        train_loader = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    # order matters: iter(DataLoader) draws a seed from torch's random state, and Lightning
    # starts the training pass before it validates
    train = list(itertools.islice(train_loader, spec["train"]))
    val = list(itertools.islice(val_loader, spec["val"]))  # islice(..., None): the whole loader
    assert len(train) == min(spec["train"], len(train_loader)), len(train)
    if VERBOSE:
        print(f"{flag}: {len(train)} training, {len(val)} validation batches, first x[0, 0] = "
              f"{train[0][0][0, 0].item():+.4f}")
    return train, val


def limit_train_batches(train_loader, val_loader):
    return _epoch_batches("limit_train_batches", train_loader, val_loader)


def overfit_batches(train_loader, val_loader):
    return _epoch_batches("overfit_batches", train_loader, val_loader)


check_debugging_flags(limit_train_batches, overfit_batches)
