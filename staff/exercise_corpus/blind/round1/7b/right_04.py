#| kind: right
#| what: one full pass over each loader, then a slice; overfit's batches collated by hand with default_collate from the dataset's first rows
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
from torch.utils.data import default_collate


def limit_train_batches(train_loader, val_loader):
    whole_epoch = list(train_loader)  # one pass, one shuffle, as the Trainer's epoch
    return whole_epoch[:3], list(val_loader)


def overfit_batches(train_loader, val_loader):
    dataset, size = train_loader.dataset, train_loader.batch_size
    train = []
    for k in range(2):
        rows = range(k * size, min((k + 1) * size, len(dataset)))
        if len(rows) == 0:
            break
        train.append(default_collate([dataset[i] for i in rows]))
    return train, list(val_loader)[:2]


check_debugging_flags(limit_train_batches, overfit_batches)
