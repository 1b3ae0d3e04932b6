"""minimal.py plus DDP: Trainer arguments, in a script or a notebook alike."""

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import Callback
from torch.utils.data import DataLoader

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset


def train(config=TrainConfig()):
    L.seed_everything(config.seed)  # instead of torch.manual_seed
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = LitRegressor(config.n_features, config.lr)

    losses = Losses()  # instead of losses = []: a callback records each step's loss
    trainer = L.Trainer(  # instead of the loops and the device
        max_epochs=config.epochs,
        callbacks=[losses],
        logger=False,  # the starting loop writes no files either
        enable_checkpointing=False,
        accelerator=config.accelerator,  # and with it gloo or nccl
        devices=config.devices,  # instead of a process group, DDP and a sampler that shuffles
        strategy=config.strategy,  # "ddp" runs the script again; "ddp_notebook" forks
    )
    trainer.fit(model, train_loader)
    return losses.values, model.model


class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
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
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


class Losses(Callback):
    """Records each step's loss, as the loop's `losses.append(...)` does, outside the model."""

    def __init__(self):
        self.values = []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.values.append(trainer.callback_metrics["train_loss"])
