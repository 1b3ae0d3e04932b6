"""lightning_version/cli.py: LightningCLI and configs/course.yaml train bitwise as `python -m
lightning_version` does with the same values, print their configuration, and refuse bad values in
one line."""

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from course import quiet
from lightning_version.cli import PROG, main
from lightning_version.train import train
from task.config import TrainConfig

YAML = ["fit", "--config", "configs/course.yaml"]


@pytest.fixture(autouse=True)
def _as_a_command(monkeypatch):
    """Run from the repository, sys.argv without pytest's flags (LightningCLI warns at both)."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    monkeypatch.setattr(sys, "argv", [PROG])
    quiet()


@pytest.mark.parametrize(
    "flags, config",
    [
        ([], TrainConfig()),
        (
            [
                "--seed_everything=7",
                "--trainer.max_epochs=3",
                "--trainer.limit_val_batches=null",
                "--model.lr=0.05",
                "--model.lr_decay=0.9",
                "--data.batch_size=5",
                "--data.shuffle=true",
                "--data.val_fraction=0.2",
            ],
            TrainConfig(
                seed=7,
                epochs=3,
                lr=0.05,
                lr_decay=0.9,
                batch_size=5,
                shuffle=True,
                val_fraction=0.2,
            ),
        ),
    ],
    ids=["course.yaml", "flags"],
)
def test_lightning_cli_trains_bitwise_as_the_course_cli(flags, config):
    cli = main([*YAML, *flags])
    result = train(config)
    linear = cli.model.model.linear
    assert torch.equal(linear.weight.detach(), result.weight)
    assert torch.equal(linear.bias.detach(), result.bias)
    assert cli.trainer.current_epoch == config.epochs


def test_print_config_prints_the_yaml_keys_and_the_linked_n_features(capsys):
    with pytest.raises(SystemExit) as stop:
        main([*YAML, "--data.n_features=3", "--print_config"])
    printed = capsys.readouterr().out
    assert stop.value.code in (0, None)
    assert "max_epochs: 5" in printed and "batch_size: 10" in printed
    # the model's n_features is not a key: it comes from the data's
    model = printed.split("model:")[1].split("data:")[0]
    assert "n_features" not in model and "n_features: 3" in printed.split("data:")[1]


@pytest.mark.parametrize(
    "flag, said",
    [
        ("--model.lr=ten", "Parser key \"model.lr\": Expected a <class 'float'>. Got value: ten"),
        ("--model.learning_rate=0.1", "unrecognized arguments: --model.learning_rate=0.1"),
        ("--data.batch_size=0", "data.batch_size must be a whole number >= 1, got 0"),
    ],
)
def test_a_bad_value_is_refused_in_one_line_before_training(flag, said, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*YAML, flag])
    err = capsys.readouterr().err.strip()
    assert stop.value.code == 2
    assert err.splitlines()[-1].startswith(f"{PROG}: error: {said}"), err
    assert len(err.splitlines()) == 1, err  # nothing before it: not even Lightning's "Seed set to"


def test_a_value_the_course_refuses_is_one_line_from_the_command_itself():
    """As a terminal runs it: no "Seed set to" or banner before the line (the checks run before the seed)."""
    done = subprocess.run(
        [sys.executable, "-m", "lightning_version.cli", *YAML, "--data.batch_size=0"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"{PROG}: error: data.batch_size must be a whole number >= 1, got 0\n",
    )
