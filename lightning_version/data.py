"""The data recipe, reused from the vanilla side, behind a LightningDataModule."""
import lightning as L

from vanilla.data import make_train_loader


class RegressionData(L.LightningDataModule):
    """What is the data: the Trainer asks this object for its loaders."""

    def __init__(self, config):
        super().__init__()
        self.config = config

    def train_dataloader(self):
        return make_train_loader(self.config)
