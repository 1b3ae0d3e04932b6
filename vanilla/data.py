"""The data: the recipe's rows in a DataLoader that the loop iterates by hand."""
from torch.utils.data import DataLoader

from vanilla.recipe import make_data, make_dataset


def make_train_loader(config):
    X, y, _, _ = make_data(config)
    return DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
