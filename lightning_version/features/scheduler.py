"""minimal.py plus a learning-rate scheduler: configure_optimizers returns it and its interval."""

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import Callback
from torch.utils.data import DataLoader

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig(), lr_decay=0.7, interval="epoch", frequency=1):
    L.seed_everything(config.seed)  # instead of torch.manual_seed
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = LitRegressor(config.n_features, config.lr, lr_decay, interval, frequency)

    losses = Losses()  # instead of losses = []: a callback records each step's loss
    trainer = L.Trainer(  # instead of the loops and the device
        max_epochs=config.epochs,
        callbacks=[losses],
        logger=False,  # the starting loop writes no files either
        enable_checkpointing=False,
    )
    trainer.fit(model, train_loader)
    return losses.values, model.model, losses.lrs


class LitRegressor(L.LightningModule):
    def __init__(
        self,
        n_features: int = 10,
        lr: float = 0.01,
        lr_decay: float = 0.7,
        interval: str = "epoch",
        frequency: int = 1,
    ):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def training_step(self, batch, batch_idx):
        x, y = batch  # no .to(device): the Trainer moved the batch
        y_hat = self.model(x)  # step 1: forward
        loss = F.mse_loss(y_hat, y)  # step 2: loss
        self.log("train_loss", loss, prog_bar=True)  # instead of print: in the progress bar
        return loss  # steps 3-5: zero grad, backward, step: done by the Trainer

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, self.hparams.lr_decay)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {  # instead of scheduler.step() in the loop
                "scheduler": scheduler,
                "interval": self.hparams.interval,  # "epoch" or "step"
                "frequency": self.hparams.frequency,  # step it every this many intervals
            },
        }


class Losses(Callback):
    """Records each step's loss, as the loop's `losses.append(...)` does, outside the model."""

    def __init__(self):
        self.values = []
        self.lrs = []  # each step's lr, as LearningRateMonitor logs it

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx):
        self.lrs.append(trainer.optimizers[0].param_groups[0]["lr"])

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.values.append(trainer.callback_metrics["train_loss"])
