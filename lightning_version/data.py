"""The data: the recipe's rows in a DataLoader that a LightningDataModule hands to the Trainer."""
import lightning as L
from torch.utils.data import DataLoader

from vanilla.recipe import make_data, make_dataset


class RegressionData(L.LightningDataModule):
    """What is the data: the Trainer asks this object for its loaders."""

    def __init__(self, config):
        super().__init__()
        self.config = config

    def train_dataloader(self):
        X, y, _, _ = make_data(self.config)
        return DataLoader(make_dataset(X, y), batch_size=self.config.batch_size, shuffle=self.config.shuffle)
