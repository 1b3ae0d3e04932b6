"""The data: the recipe's rows in DataLoaders that a LightningDataModule hands to the Trainer."""

from dataclasses import asdict

import lightning as L
from torch.utils.data import DataLoader, DistributedSampler

from task.recipe import make_dataset, split_rows


class RegressionData(L.LightningDataModule):
    """What is the data: the Trainer asks this object for its loaders."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.save_hyperparameters(asdict(config))  # the run's flags, in every checkpoint

    def setup(self, stage):
        X_train, y_train, X_val, y_val = split_rows(self.config)
        self.train_set, self.val_set = make_dataset(X_train, y_train), make_dataset(X_val, y_val)

    def train_dataloader(self):
        config, sampler = self.config, None
        if self.trainer.world_size > 1:  # ddp: our own sampler; Lightning's would always shuffle
            sampler = DistributedSampler(self.train_set, shuffle=config.shuffle, seed=config.seed)
        return DataLoader(
            self.train_set,
            batch_size=config.batch_size,
            shuffle=config.shuffle and not sampler,
            sampler=sampler,
        )

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.config.batch_size)
