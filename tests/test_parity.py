"""The headline proof of lesson 3: the refactor changes no number."""

import lightning as L
import pytest
import torch

import lightning_version.data
import lightning_version.train
import task.model
import task.recipe
import vanilla.data
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
def test_per_step_losses_and_final_weights_are_bitwise_identical(shuffle):
    config = TrainConfig(shuffle=shuffle)
    a, b = train_vanilla(config), train_lightning(config)
    assert a.step_losses.shape == (config.epochs * config.n_samples // config.batch_size,)
    assert torch.equal(a.step_losses, b.step_losses)
    assert torch.equal(a.weight, b.weight)
    assert torch.equal(a.bias, b.bias)


def test_a_different_seed_gives_different_weights():
    """Guards the parity test against comparing two things that cannot differ."""
    a = train_vanilla(TrainConfig(seed=1))
    b = train_lightning(TrainConfig(seed=2))
    assert not torch.equal(a.weight, b.weight)


def test_model_and_data_recipe_are_written_once():
    assert lightning_version.train.Regressor is task.model.Regressor
    assert lightning_version.data.split_rows is task.recipe.split_rows
    assert lightning_version.data.make_dataset is task.recipe.make_dataset


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
def test_the_datamodule_hands_out_the_vanilla_loaders(shuffle):
    config = TrainConfig(shuffle=shuffle, batch_size=7, val_fraction=0.2)
    vanilla_loaders = vanilla.data.make_loaders(config)
    datamodule = lightning_version.data.RegressionData(config)
    datamodule.setup("fit")
    # one process: no DistributedSampler
    datamodule.trainer = L.Trainer(devices=1, accelerator="cpu", logger=False)
    for a, b in zip(vanilla_loaders, (datamodule.train_dataloader(), datamodule.val_dataloader())):
        assert (a.batch_size, type(a.sampler), a.drop_last) == (
            b.batch_size,
            type(b.sampler),
            b.drop_last,
        )
        assert all(torch.equal(x, y) for x, y in zip(a.dataset.tensors, b.dataset.tensors))
