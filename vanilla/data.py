"""The data: the recipe's rows in DataLoaders that the loop iterates by hand."""
from torch.utils.data import DataLoader

from vanilla.recipe import make_dataset, split_rows


def make_loaders(config):
    """(train_loader, val_loader); val_loader is None when no rows are held out."""
    X_train, y_train, X_val, y_val = split_rows(config)
    train_loader = DataLoader(make_dataset(X_train, y_train), batch_size=config.batch_size, shuffle=config.shuffle)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=config.batch_size) if len(X_val) else None
    return train_loader, val_loader
