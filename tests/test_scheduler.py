"""Lesson 7's schedulers: scheduler.step() by hand, per epoch and per step, against configure_optimizers returning
the scheduler with its interval and frequency: bitwise the same losses, weights and learning rates; each step's lr
as Lightning's own LearningRateMonitor logs it; and the count of steps restarting every epoch, as Lightning's does."""

import csv

import lightning as L
import pytest
import torch
from lightning.pytorch.callbacks import LearningRateMonitor
from lightning.pytorch.loggers import CSVLogger
from torch.utils.data import DataLoader

import lightning_version.features.scheduler
import vanilla.features.scheduler
import vanilla.minimal
from task.config import TrainConfig
from task.recipe import make_data, make_dataset

CONFIG = TrainConfig(shuffle=True, epochs=3)  # 10 batches an epoch
# 10 batches are no multiple of 3: the count restarts each epoch
WHEN = [("epoch", 2), ("step", 1), ("step", 3)]
LR_DECAY = 0.8


@pytest.mark.parametrize("interval, frequency", WHEN, ids=[f"{i}-{f}" for i, f in WHEN])
def test_the_stages_are_bitwise_identical_losses_weights_and_learning_rates(interval, frequency):
    losses_v, model_v, lrs_v = vanilla.features.scheduler.train(
        CONFIG, LR_DECAY, interval, frequency
    )
    losses_l, model_l, lrs_l = lightning_version.features.scheduler.train(
        CONFIG, LR_DECAY, interval, frequency
    )
    assert torch.equal(torch.stack(losses_v), torch.stack(losses_l))
    assert torch.equal(model_v.linear.weight, model_l.linear.weight)
    assert torch.equal(model_v.linear.bias, model_l.linear.bias)
    assert lrs_v == lrs_l and len(lrs_v) == 30
    assert len(set(lrs_v)) > 1  # the scheduler did change the lr


@pytest.mark.parametrize("interval, frequency", WHEN, ids=[f"{i}-{f}" for i, f in WHEN])
def test_lightning_steps_the_scheduler_where_the_interval_says_counting_batches_within_each_epoch(
    interval, frequency
):
    """After batch b (from 0) of epoch e: every `frequency` epochs, or every `frequency` batches of this epoch,
    not of the whole run (10 batches, frequency 3: 3 steps an epoch, after batches 2, 5 and 8)."""
    lrs = lightning_version.features.scheduler.train(CONFIG, LR_DECAY, interval, frequency)[2]
    steps_before = [
        e // frequency if interval == "epoch" else e * (10 // frequency) + b // frequency
        for e in range(3)
        for b in range(10)
    ]
    # lr *= lr_decay, rounded
    assert lrs == pytest.approx([CONFIG.lr * LR_DECAY**n for n in steps_before], rel=1e-12)
    # a count over the whole run would differ from epoch 1 on
    if (interval, frequency) == ("step", 3):
        assert steps_before != [(e * 10 + b) // frequency for e in range(3) for b in range(10)]


def test_learning_rate_monitor_logs_the_learning_rates_the_stages_record(tmp_path):
    stage = lightning_version.features.scheduler
    L.seed_everything(CONFIG.seed, verbose=False)
    X, y, _, _ = make_data(CONFIG)
    train_loader = DataLoader(
        make_dataset(X, y), batch_size=CONFIG.batch_size, shuffle=CONFIG.shuffle
    )
    trainer = L.Trainer(
        max_epochs=CONFIG.epochs,
        logger=CSVLogger(tmp_path, name="", version=""),
        callbacks=[LearningRateMonitor(logging_interval="step")],
        log_every_n_steps=1,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(stage.LitRegressor(CONFIG.n_features, CONFIG.lr, LR_DECAY, "step", 3), train_loader)
    with open(tmp_path / "metrics.csv", newline="") as file:
        logged = [float(row["lr-SGD"]) for row in csv.DictReader(file) if row["lr-SGD"]]
    assert logged == stage.train(CONFIG, LR_DECAY, "step", 3)[2]


def test_with_lr_decay_1_the_stage_trains_as_the_minimal_loop():
    """The scheduler is the stage's only change: one that keeps the lr leaves every number as it was."""
    losses, model, lrs = vanilla.features.scheduler.train(CONFIG, 1.0, "step", 1)
    expected_losses, expected_model = vanilla.minimal.train(CONFIG)
    assert torch.equal(torch.stack(losses), torch.stack(expected_losses))
    assert torch.equal(model.linear.weight, expected_model.linear.weight) and set(lrs) == {
        CONFIG.lr
    }
