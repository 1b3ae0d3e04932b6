"""Lesson 7: Lightning's debugging flags, and the lines a hand-written loop needs for the same batches.

Each function is the loop of vanilla/features/validation.py cut to its skeleton: `training_step(batch)` stands for
steps 1-5 on one batch, `validation_step(batch)` for scoring one. The flag's lines are the only ones that differ;
tests/test_debug_flags.py records the batches both sides run and compares them with torch.equal.
"""

import itertools

from lightning.pytorch.callbacks import Callback
from torch.utils.data import DataLoader


def limit_batches(
    train_loader,
    val_loader,
    epochs,
    training_step,
    validation_step,
    limit_train_batches=3,
    limit_val_batches=1,
):
    """Trainer(limit_train_batches=3, limit_val_batches=1): the first batches of a pass."""
    for epoch in range(epochs):
        for batch in itertools.islice(train_loader, limit_train_batches):
            training_step(batch)
        for batch in itertools.islice(val_loader, limit_val_batches):
            validation_step(batch)


def overfit_batches(
    train_loader, val_loader, epochs, training_step, validation_step, overfit_batches=2
):
    """Trainer(overfit_batches=2): the same first batches every epoch: shuffling off."""
    train_loader = DataLoader(train_loader.dataset, train_loader.batch_size)  # in order
    for epoch in range(epochs):
        for batch in itertools.islice(train_loader, overfit_batches):
            training_step(batch)
        for batch in itertools.islice(val_loader, overfit_batches):
            validation_step(batch)


def fast_dev_run(train_loader, val_loader, epochs, training_step, validation_step, fast_dev_run=2):
    """Trainer(fast_dev_run=2): 2 training and 2 validation batches, once, whatever
    `epochs` says; and no sanity check, no logger, no checkpoint, no early stopping."""
    for batch in itertools.islice(train_loader, fast_dev_run):
        training_step(batch)
    for batch in itertools.islice(val_loader, fast_dev_run):
        validation_step(batch)


class Batches(Callback):
    """Records the batches a Trainer runs, as the functions above see them (on the CPU)."""

    def __init__(self):
        self.train, self.val = [], []

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx):
        self.train.append([tensor.cpu() for tensor in batch])

    def on_validation_batch_start(self, trainer, pl_module, batch, batch_idx, *_):
        if not trainer.sanity_checking:  # the check before training: random state isolated
            self.val.append([tensor.cpu() for tensor in batch])
