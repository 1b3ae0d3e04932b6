"""minimal.py plus loading for inference: load_from_checkpoint, test_step and predict_step."""

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import Callback
from torch.utils.data import DataLoader
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from common.loading import check_same_model
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_dataset, split_rows


def train(config=TrainConfig(val_fraction=0.2), path="model.ckpt"):
    L.seed_everything(config.seed)  # instead of torch.manual_seed
    X, y, _, _ = split_rows(config)  # the held-out rows are for testing, after training
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = LitRegressor(config.n_features, config.lr)

    losses = Losses()  # instead of losses = []: a callback records each step's loss
    trainer = L.Trainer(  # instead of the loops and the device
        max_epochs=config.epochs,
        callbacks=[losses],
        logger=False,  # the starting loop writes no files either
        enable_checkpointing=False,
    )
    trainer.fit(model, train_loader)
    trainer.save_checkpoint(path, weights_only=True)  # instead of torch.save
    return losses.values, model.model


def load(path, **hyper_parameters):  # hyperparameters given here replace the saved ones
    return LitRegressor.load_from_checkpoint(path, weights_only=True, **hyper_parameters)


def predict(model, loader):
    trainer = L.Trainer(logger=False)  # instead of the device, eval() and no_grad()
    return torch.cat(trainer.predict(model, loader))


def test(model, loader):
    trainer = L.Trainer(logger=False)
    return trainer.test(model, loader, verbose=False)[0]  # instead of the loop and compute()


class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)
        self.test_metrics = MetricCollection(
            {"test_loss": MeanSquaredError(), "test_r2": R2Score()}
        )

    def training_step(self, batch, batch_idx):
        x, y = batch  # no .to(device): the Trainer moved the batch
        y_hat = self.model(x)  # step 1: forward
        loss = F.mse_loss(y_hat, y)  # step 2: loss
        self.log("train_loss", loss, prog_bar=True)  # instead of print: in the progress bar
        return loss  # steps 3-5: zero grad, backward, step: done by the Trainer

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)
        self.log_dict(self.test_metrics)

    def predict_step(self, batch, batch_idx):
        (x,) = batch  # inputs only: there are no targets to predict for
        return self.model(x)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)

    def on_load_checkpoint(self, checkpoint):  # called before the weights are loaded
        check_same_model(checkpoint["state_dict"], self)


class Losses(Callback):
    """Records each step's loss, as the loop's `losses.append(...)` does, outside the model."""

    def __init__(self):
        self.values = []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.values.append(trainer.callback_metrics["train_loss"])
