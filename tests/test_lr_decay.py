"""The config's lr_decay: an ExponentialLR stepped once an epoch, by hand and by the Trainer, bitwise equal."""

from dataclasses import replace

import pytest
import torch

import vanilla.features.scheduler
from lightning_version.train import train as train_lightning
from task.config import ConfigError, TrainConfig
from vanilla.train import train as train_vanilla

CONFIG = TrainConfig(
    shuffle=True, lr_decay=0.5, val_fraction=0.2, accumulate_grad_batches=3, epochs=4
)


def test_the_full_versions_decay_the_lr_identically():
    a, b = train_vanilla(CONFIG), train_lightning(CONFIG)
    for field in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(a, field), getattr(b, field)), field


def test_lr_decay_changes_the_run_and_1_keeps_it():
    decayed, plain = train_vanilla(CONFIG), train_vanilla(replace(CONFIG, lr_decay=1.0))
    assert not torch.equal(decayed.weight, plain.weight)
    assert torch.equal(plain.weight, train_vanilla(replace(CONFIG, lr_decay=1.0)).weight)


def test_the_full_loop_decays_as_the_scheduler_stage_does():
    config = TrainConfig(shuffle=True, lr_decay=0.7)
    losses, model, *_ = vanilla.features.scheduler.train(config, lr_decay=0.7, interval="epoch")
    full = train_vanilla(config)
    assert torch.equal(torch.stack(losses).cpu(), full.step_losses)
    assert torch.equal(model.linear.weight.detach().cpu(), full.weight)


@pytest.mark.parametrize("train", [train_vanilla, train_lightning], ids=["vanilla", "lightning"])
def test_a_resumed_run_keeps_the_decayed_lr(train, tmp_path):
    folder = str(tmp_path / "ckpt")
    train(replace(CONFIG, epochs=2, checkpoint_dir=folder))
    resumed = train(replace(CONFIG, checkpoint_dir=folder, resume=True))
    assert torch.equal(resumed.weight, train(CONFIG).weight)


@pytest.mark.parametrize("value", [0.0, -0.5, 1.5, float("nan")])
def test_an_impossible_lr_decay_is_refused(value):
    with pytest.raises(ConfigError, match="--lr-decay must be a number above 0 and at most 1"):
        TrainConfig(lr_decay=value)
