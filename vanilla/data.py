"""The data: the recipe's rows in DataLoaders that the loop iterates by hand."""

from torch.utils.data import DataLoader, DistributedSampler

from task.recipe import make_dataset, split_rows


def make_loaders(config, distributed=False):
    """(train_loader, val_loader); val_loader is None when no rows are held out.

    distributed: this process trains on its share of the rows (a DistributedSampler; call
    set_epoch every epoch).
    """
    X_train, y_train, X_val, y_val = split_rows(config)
    train_set = make_dataset(X_train, y_train)
    sampler = None
    if distributed:  # ddp
        sampler = DistributedSampler(train_set, shuffle=config.shuffle, seed=config.seed)
    train_loader = DataLoader(
        train_set,
        batch_size=config.batch_size,
        shuffle=config.shuffle and not sampler,
        sampler=sampler,
    )
    val_loader = None
    if len(X_val):
        val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=config.batch_size)
    return train_loader, val_loader
