#| kind: right
#| what: the limit as min(3, len(loader)) with enumerate and break; overfit defined before limit, an assert on the in-order loader's sampler
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
import torch


def overfit_batches(train_loader, val_loader):
    n = 2
    ordered = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=False)
    assert not isinstance(ordered.sampler, torch.utils.data.RandomSampler)
    train = [batch for i, batch in zip(range(min(n, len(ordered))), ordered)]
    val = [batch for i, batch in zip(range(min(n, len(val_loader))), val_loader)]
    return train, val


def limit_train_batches(train_loader, val_loader):
    n = min(3, len(train_loader))
    train = []
    for i, batch in enumerate(train_loader):
        if i >= n:
            break
        train.append(batch)
    return train, [batch for batch in val_loader]


check_debugging_flags(limit_train_batches, overfit_batches)
