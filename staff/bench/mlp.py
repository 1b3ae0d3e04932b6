"""A model large enough that compute dominates: an MLP, trained by a hand-written loop and by a bare Trainer.

Both get the same model, data, optimizer and number of steps. Each reports (loop seconds, fit seconds): the
loop is the steps alone (for Lightning, from `on_train_start` to `on_train_end`), the fit adds the start-up.
"""

import contextlib

import lightning as L
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from staff.bench.features import BARE, BareModule
from staff.bench.stats import now

DISTINCT_BATCHES = (
    8  # the loader cycles through a few batches: memory stays small at any step count
)


def make_mlp(width, depth):
    """(N, width) -> (N, 1) through `depth` hidden layers Linear(width, width) + ReLU."""
    layers = []
    for _ in range(depth):
        layers += [nn.Linear(width, width), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(width, 1))


def make_loader(width, batch_size, steps, device):
    """`steps` batches (x (batch_size, width), y (batch_size, 1)), already on the device for both versions."""
    generator = torch.Generator().manual_seed(0)
    batches = [
        (
            torch.randn(batch_size, width, generator=generator).to(device),
            torch.randn(batch_size, 1, generator=generator).to(device),
        )
        for _ in range(DISTINCT_BATCHES)
    ]
    return DataLoader([batches[i % DISTINCT_BATCHES] for i in range(steps)], batch_size=None)


def fit_vanilla(width, depth, loader, device, precision="32"):
    """The hand-written loop; returns (loop seconds, fit seconds)."""
    start = now()
    torch.manual_seed(0)
    model = make_mlp(width, depth).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "16-mixed")
    _synchronize(device)
    loop_start = now()
    for x, y in loader:
        with _autocast(device, precision):
            loss = F.mse_loss(model(x), y)
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    _synchronize(device)
    end = now()
    return end - loop_start, end - start


class LoopTimer(L.Callback):
    """Times the training loop inside `fit`, waiting for the GPU at both ends."""

    def on_train_start(self, trainer, pl_module):
        _synchronize(pl_module.device)
        self.start = now()

    def on_train_end(self, trainer, pl_module):
        _synchronize(pl_module.device)
        self.seconds = now() - self.start


def fit_lightning(width, depth, loader, device, precision="32"):
    """A bare Trainer on one device; returns (loop seconds, fit seconds)."""
    start = now()
    torch.manual_seed(0)
    model = BareModule(make_mlp(width, depth), lr=1e-3)
    timer = LoopTimer()
    trainer = L.Trainer(
        max_epochs=1,
        accelerator=device.type,
        devices=1,
        precision=precision,
        num_sanity_val_steps=0,
        callbacks=[timer],
        **BARE,
    )
    trainer.fit(model, train_dataloaders=loader)
    _synchronize(device)
    return timer.seconds, now() - start


def _autocast(device, precision):
    """The hand-written side of `Trainer(precision=...)`; nothing at all in 32-bit, as in Lightning."""
    if precision == "32":
        return contextlib.nullcontext()
    return torch.autocast(
        device.type, torch.bfloat16 if precision == "bf16-mixed" else torch.float16
    )


def _synchronize(device):
    # CUDA runs asynchronously: a clock read without a sync times the launch only
    if device.type == "cuda":
        torch.cuda.synchronize(device)
