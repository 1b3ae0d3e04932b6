"""Lessons 2-3: the starting loop and its Lightning twin are bitwise identical, and equal the full versions."""

import pytest
import torch

import lightning_version.minimal
import vanilla.minimal
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
def test_the_minimal_pair_is_bitwise_identical(shuffle):
    config = TrainConfig(shuffle=shuffle)
    losses, model = vanilla.minimal.train(config)
    lit_losses, lit_model = lightning_version.minimal.train(config)
    assert len(losses) == config.epochs * 10  # one loss per step: 10 batches an epoch
    assert torch.equal(torch.stack(losses), torch.stack(lit_losses))
    assert torch.equal(model.linear.weight, lit_model.linear.weight)
    assert torch.equal(model.linear.bias, lit_model.linear.bias)


def test_the_minimal_pair_equals_the_full_versions_with_every_feature_off():
    config = TrainConfig(shuffle=True)
    losses, model = vanilla.minimal.train(config)
    for full in (train_vanilla(config), train_lightning(config)):
        assert torch.equal(torch.stack(losses).cpu(), full.step_losses)
        assert torch.equal(model.linear.weight.detach().cpu(), full.weight)


def test_the_vanilla_loop_prints_every_second_batch(capsys):
    vanilla.minimal.train(TrainConfig(epochs=1))
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [
        f"epoch 0 batch {i}" for i in (0, 2, 4, 6, 8)
    ]


def test_the_lightning_module_runs_in_any_trainer():
    """Its hyperparameters are its own: a Trainer needs nothing from the course to use it."""
    module = lightning_version.minimal.LitRegressor(n_features=3, lr=0.5)
    assert dict(module.hparams) == {"n_features": 3, "lr": 0.5}
    assert module.configure_optimizers().defaults["lr"] == 0.5
