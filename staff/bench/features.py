"""What each Trainer feature costs on the tutorial task: a bare Trainer, then one feature switched on at a time.

The module and the data are the tutorial's (`Regressor`, 100 rows x 10 features, batches of 10); the module is
the bench's own so that "bare" can leave out `self.log`, which the course's `LitRegressor` always calls.
"""

import contextlib
import os
import warnings

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.loggers import CSVLogger
from torch.utils.data import DataLoader, TensorDataset

from staff.bench.stats import interleave, now, summary
from task.config import TrainConfig
from task.model import Regressor

BARE = dict(
    logger=False, enable_progress_bar=False, enable_checkpointing=False, enable_model_summary=False
)


class BareModule(L.LightningModule):
    """A model, the MSE loss and SGD: nothing logged (the MLP benchmark uses it too)."""

    def __init__(self, model, lr):
        super().__init__()
        self.model = model
        self.lr = lr

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)


class LoggingModule(BareModule):
    """The same, plus the one line the course adds: `self.log("train_loss", loss)`."""

    def training_step(self, batch, batch_idx):
        loss = super().training_step(batch, batch_idx)
        self.log("train_loss", loss)
        return loss


def variants(root, config):
    """{name: (module class, Trainer arguments)}: bare, each feature alone, then Lightning's defaults (all on).

    The arguments are made anew for every run, so each run gets its own logger, as a fresh script would.
    """
    return {
        "bare Trainer": (BareModule, lambda: BARE),
        "+ progress bar": (BareModule, lambda: BARE | dict(enable_progress_bar=True)),
        "+ self.log, no logger": (LoggingModule, lambda: BARE),
        "+ self.log and CSVLogger": (
            LoggingModule,
            lambda: (
                BARE
                | dict(logger=CSVLogger(save_dir=root), log_every_n_steps=config.log_every_n_steps)
            ),
        ),
        "+ checkpointing": (BareModule, lambda: BARE | dict(enable_checkpointing=True)),
        "+ model summary": (BareModule, lambda: BARE | dict(enable_model_summary=True)),
        # its logger: TensorBoard if installed, else CSV
        "Trainer defaults (all on)": (LoggingModule, lambda: {}),
    }


def compare(accelerator, repeats, epochs, root):
    """One row per variant: ms per optimizer step, and what it adds to the bare Trainer. Files go under root."""
    config = TrainConfig(epochs=epochs, accelerator=accelerator)
    loader = _tutorial_loader(config)
    steps = len(loader) * epochs
    runs = {
        name: _timed_fit(module, make_args, config, loader, root)
        for name, (module, make_args) in variants(root, config).items()
    }
    # the defaults' notices, once per run: TensorBoard missing, a 50-step log interval
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"Starting from v1.9.0, `tensorboardX` has been removed"
        )
        warnings.filterwarnings(
            "ignore", message=r"The number of training batches \(\d+\) is smaller than the logging"
        )
        samples = interleave(runs, repeats)
    bare = summary(samples["bare Trainer"], scale=1000 / steps)["median"]
    rows = []
    for name, seconds in samples.items():
        ms = summary(seconds, scale=1000 / steps)
        rows.append(
            {
                "name": name,
                "ms_per_step": ms,
                "added_ms_per_step": round(ms["median"] - bare, 4),
                "vs_bare": round(ms["median"] / bare, 3),
            }
        )
    return {"steps": steps, "epochs": epochs, "rows": rows}


def _timed_fit(module, make_args, config, loader, root):
    def run():
        model = module(Regressor(config.n_features), config.lr)
        start = now()
        trainer = L.Trainer(
            max_epochs=config.epochs,
            accelerator=config.accelerator,
            devices=1,
            num_sanity_val_steps=0,
            default_root_dir=root,
            **make_args(),
        )
        # the bar draws, unseen
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            trainer.fit(model, train_dataloaders=loader)
        return now() - start

    return run


def _tutorial_loader(config):
    """Rows of the tutorial's shape; their values do not change what a step costs."""
    generator = torch.Generator().manual_seed(config.data_seed)
    X = torch.randn(config.n_samples, config.n_features, generator=generator)
    y = torch.randn(config.n_samples, 1, generator=generator)
    return DataLoader(TensorDataset(X, y), batch_size=config.batch_size)
