"""validation.py plus early stopping: one callback."""

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import Callback, EarlyStopping
from torch.utils.data import DataLoader
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_dataset, split_rows


def train(config=TrainConfig(val_fraction=0.2, early_stopping_patience=3)):
    L.seed_everything(config.seed)  # instead of torch.manual_seed
    X, y, X_val, y_val = split_rows(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=config.batch_size)
    model = LitRegressor(config.n_features, config.lr)

    losses = Losses()  # instead of losses = []: a callback records each step's loss
    trainer = L.Trainer(  # instead of the loops and the device
        max_epochs=config.epochs,
        callbacks=[losses, EarlyStopping("val_loss", patience=config.early_stopping_patience)],
        logger=False,  # the starting loop writes no files either
        enable_checkpointing=False,
        num_sanity_val_steps=0,  # the loop validates after each epoch only, not before
    )
    trainer.fit(model, train_loader, val_loader)
    return losses.values, model.model, losses.validations


class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)
        self.val_metrics = MetricCollection({"val_loss": MeanSquaredError(), "val_r2": R2Score()})

    def training_step(self, batch, batch_idx):
        x, y = batch  # no .to(device): the Trainer moved the batch
        y_hat = self.model(x)  # step 1: forward
        loss = F.mse_loss(y_hat, y)  # step 2: loss
        self.log("train_loss", loss, prog_bar=True)  # instead of print: in the progress bar
        return loss  # steps 3-5: zero grad, backward, step: done by the Trainer

    def validation_step(self, batch, batch_idx):
        x, y = batch  # instead of eval() and no_grad(): the Trainer has set both
        self.val_metrics.update(self.model(x), y)
        self.log_dict(self.val_metrics)  # instead of compute() and reset(): at the epoch's end

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


class Losses(Callback):
    """Records each step's loss, as the loop's `losses.append(...)` does, outside the model."""

    def __init__(self):
        self.values = []
        self.validations = []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.values.append(trainer.callback_metrics["train_loss"])

    def on_validation_end(self, trainer, pl_module):
        self.validations.append({k: trainer.callback_metrics[k] for k in ("val_loss", "val_r2")})
