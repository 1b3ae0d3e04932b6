#| kind: right
#| what: PyTorch-savvy: a helper over itertools.islice, overfit's loader rebuilt with a SequentialSampler and the original collate_fn, drop_last and num_workers
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
from torch.utils.data import SequentialSampler


def _first(loader, n=None):
    """The first n batches of one fresh pass over `loader` (all of them when n is None)."""
    return list(itertools.islice(loader, n))


def _in_order(loader):
    """What Lightning's _resolve_overfit_batches does: the same loader, its sampler made sequential."""
    return DataLoader(loader.dataset, batch_size=loader.batch_size, sampler=SequentialSampler(loader.dataset),
                      collate_fn=loader.collate_fn, drop_last=loader.drop_last, num_workers=loader.num_workers)


def limit_train_batches(train_loader, val_loader):
    return _first(train_loader, 3), _first(val_loader)


def overfit_batches(train_loader, val_loader, n=2):
    return _first(_in_order(train_loader), n), _first(val_loader, n)


check_debugging_flags(limit_train_batches, overfit_batches)
