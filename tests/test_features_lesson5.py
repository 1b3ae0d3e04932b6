"""Lesson 5's stage pairs: validation, early stopping, CSV logs and checkpoints, each vanilla file bitwise identical
to its Lightning twin and to the full versions with the same config."""

from dataclasses import replace
from pathlib import Path

import pytest
import torch

import lightning_version.features.validation
from course.cost import SIDES, stage_train
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla

FULL = {"vanilla": train_vanilla, "lightning_version": train_lightning}
# 80 training rows: 8 batches an epoch
VALIDATED = TrainConfig(val_fraction=0.2, shuffle=True, epochs=4)
STOPPING = TrainConfig(
    val_fraction=0.2, shuffle=True, epochs=100, lr=0.05, early_stopping_patience=3
)


def as_tensors(losses, model):
    """(per-step losses, weight, bias) on the CPU."""
    linear = model.linear
    return torch.stack(losses).cpu(), linear.weight.detach().cpu(), linear.bias.detach().cpu()


def metric(validations, key):
    return torch.stack([validation[key].cpu() for validation in validations])


def assert_equals_full(run, full):
    losses, weight, bias = as_tensors(*run[:2])
    assert torch.equal(losses, full.step_losses)
    assert torch.equal(weight, full.weight) and torch.equal(bias, full.bias)
    if len(run) == 3:
        assert torch.equal(metric(run[2], "val_loss"), full.val_loss)
        assert torch.equal(metric(run[2], "val_r2"), full.val_r2)


@pytest.mark.parametrize(
    "feature, config", [("validation", VALIDATED), ("early_stopping", STOPPING)]
)
def test_the_validating_stages_are_bitwise_identical_to_each_other_and_to_the_full_versions(
    feature, config
):
    vanilla_run, lightning_run = (stage_train(side, feature)(config) for side in SIDES)
    for side in SIDES:
        full = FULL[side](config)
        assert_equals_full(vanilla_run, full)
        assert_equals_full(lightning_run, full)
    assert len(vanilla_run[2]) == full.epochs  # one validation an epoch
    if feature == "early_stopping":  # it did stop early, 3 validations after the best one
        assert full.epochs < config.epochs and full.epochs == int(full.val_loss.argmin()) + 1 + 3


def test_the_early_stopping_stage_without_patience_would_run_on():
    """The stop comes from the feature: with the validation stage alone the same run goes to the last epoch."""
    config = replace(STOPPING, epochs=30)
    for side in SIDES:
        assert len(stage_train(side, "validation")(config)[2]) == 30
        assert len(stage_train(side, "early_stopping")(config)[2]) < 30


def test_without_num_sanity_val_steps_lightning_would_validate_once_before_training(monkeypatch):
    """Why the Lightning stage passes num_sanity_val_steps=0: by default it validates before the first epoch."""
    trainer = lightning_version.features.validation.L.Trainer

    def with_lightnings_default(**arguments):
        del arguments["num_sanity_val_steps"]
        return trainer(**arguments)

    monkeypatch.setattr(lightning_version.features.validation.L, "Trainer", with_lightnings_default)
    assert len(stage_train("lightning_version", "validation")(VALIDATED)[2]) == VALIDATED.epochs + 1


@pytest.mark.parametrize("log_every_n_steps", [1, 3])
def test_the_log_stages_write_the_same_bytes_as_the_full_versions(log_every_n_steps, tmp_path):
    config = TrainConfig(shuffle=True, epochs=3, log_every_n_steps=log_every_n_steps)
    files = {}
    for side in SIDES:
        for kind, train in (("stage", stage_train(side, "logs")), ("full", FULL[side])):
            folder = tmp_path / f"{side}-{kind}"
            result = train(replace(config, log_dir=str(folder)))
            if kind == "stage":
                assert_equals_full(result, train_vanilla(config))
            files[side, kind] = (folder / "version_0" / "metrics.csv").read_bytes()
    first = files["vanilla", "stage"]
    assert first.startswith(b"epoch,step,train_loss\r\n")
    assert all(data == first for data in files.values()), [
        key for key, data in files.items() if data != first
    ]
    # header, then a row every n of 30 steps
    assert first.count(b"\n") == 1 + 3 * 10 // log_every_n_steps


def test_the_log_stages_give_each_run_its_own_folder(tmp_path):
    for side in SIDES:
        folder = tmp_path / side
        for _ in range(2):
            stage_train(side, "logs")(TrainConfig(epochs=1, log_dir=str(folder)))
        assert sorted(path.parent.name for path in folder.glob("*/metrics.csv")) == [
            "version_0",
            "version_1",
        ]


def test_the_checkpoint_stages_resume_bitwise_where_they_stopped(tmp_path):
    config = TrainConfig(shuffle=True, epochs=5)  # 10 batches an epoch
    uninterrupted = train_vanilla(config)
    for side in SIDES:
        folder = str(tmp_path / side)
        first = stage_train(side, "checkpoint")(replace(config, epochs=2, checkpoint_dir=folder))
        assert sorted(path.name for path in Path(folder).iterdir()) == [
            "epoch=0.ckpt",
            "epoch=1.ckpt",
        ]
        resumed = stage_train(side, "checkpoint")(
            replace(config, checkpoint_dir=folder, resume=True)
        )
        losses, weight, bias = as_tensors(*resumed)
        assert torch.equal(as_tensors(*first)[0], uninterrupted.step_losses[:20])
        # the resumed process ran epochs 2-4
        assert torch.equal(losses, uninterrupted.step_losses[20:])
        assert torch.equal(weight, uninterrupted.weight) and torch.equal(bias, uninterrupted.bias)
        assert len(list(Path(folder).glob("epoch=*.ckpt"))) == 5


def test_the_checkpoint_stages_save_what_the_full_versions_save(tmp_path):
    config = TrainConfig(shuffle=True, epochs=2)
    for side in SIDES:
        losses, model = stage_train(side, "checkpoint")(
            replace(config, checkpoint_dir=str(tmp_path / side))
        )
        full = FULL[side](replace(config, checkpoint_dir=str(tmp_path / f"{side}-full")))
        assert_equals_full((losses, model), full)
        saved, saved_by_full = (
            torch.load(tmp_path / name / "epoch=1.ckpt", weights_only=True)
            for name in (side, f"{side}-full")
        )
        for path in PIECES[side]:
            assert torch.equal(dig(saved, path), dig(saved_by_full, path)), path


PIECES = {  # where each side's checkpoint keeps the weights and the random state
    "vanilla": [("model", "linear.weight"), ("model", "linear.bias"), ("rng",)],
    "lightning_version": [
        ("state_dict", "model.linear.weight"),
        ("state_dict", "model.linear.bias"),
        ("callbacks", "RandomState", "rng"),
    ],
}


def dig(checkpoint, path):
    for key in path:
        checkpoint = checkpoint[key]
    return checkpoint
