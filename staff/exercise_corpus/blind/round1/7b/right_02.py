#| kind: right
#| what: zip with range for the limit; a SequentialSampler DataLoader that keeps the loader's collate_fn and drop_last, as Lightning's sampler swap does
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
from torch.utils.data import SequentialSampler


def limit_train_batches(train_loader, val_loader):
    train = [batch for _, batch in zip(range(3), train_loader)]
    val = [batch for batch in val_loader]
    return train, val


def overfit_batches(train_loader, val_loader):
    dataset = train_loader.dataset
    sequential = DataLoader(dataset, batch_size=train_loader.batch_size, sampler=SequentialSampler(dataset),
                            collate_fn=train_loader.collate_fn, drop_last=train_loader.drop_last)
    train = [batch for _, batch in zip(range(2), sequential)]
    val = [batch for _, batch in zip(range(2), val_loader)]
    return train, val


check_debugging_flags(limit_train_batches, overfit_batches)
