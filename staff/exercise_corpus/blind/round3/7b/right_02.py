#| kind: right
#| what: written after Lightning's code: min(n, len(loader)) as _parse_num_batches does, and the training loader rebuilt with a SequentialSampler keeping its other settings, as _resolve_overfit_batches does
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
from torch.utils.data import SequentialSampler


def _first(loader, n):
    """The first min(n, len(loader)) batches of one pass, as data_connector._parse_num_batches counts them."""
    n = min(n, len(loader))
    return [batch for _, batch in zip(range(n), loader)]


def _in_order(loader):
    """The same loader with its shuffling sampler replaced by a SequentialSampler (_resolve_overfit_batches)."""
    return DataLoader(loader.dataset, batch_size=loader.batch_size, sampler=SequentialSampler(loader.dataset),
                      num_workers=loader.num_workers, collate_fn=loader.collate_fn, drop_last=loader.drop_last)


def limit_train_batches(train_loader, val_loader):
    train = _first(train_loader, 3)
    val = _first(val_loader, len(val_loader))  # limit_val_batches=1.0, the default: the whole loader
    return train, val


def overfit_batches(train_loader, val_loader):
    n = 2  # Trainer(overfit_batches=2) sets limit_train_batches = limit_val_batches = 2
    train = _first(_in_order(train_loader), n)
    val = _first(val_loader, n)  # the validation loader's own first batches
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
