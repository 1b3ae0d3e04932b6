"""Lesson 9's helpers: the capstone script's printed lines, and the LightningCLI command line run as a terminal
runs it, so each cell shows only what it proves."""

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from unittest import mock

import torch

from capstone import mlp_script
from course import silent

ROOT = Path(__file__).resolve().parent.parent


def script_lines():
    """The lines capstone/mlp_script.py prints, without each epoch's time (it varies from run to run)."""
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        mlp_script.main()
    return [line.rsplit("  ", 1)[0] for line in printed.getvalue().splitlines()]


def terminal(*args, after=None):
    """`python -m lightning_version.cli ARGS` from the repository's root, as a terminal runs it: prints what it
    printed (from the line that starts with `after`, if given) and its exit status."""
    done = subprocess.run(
        [sys.executable, "-m", "lightning_version.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    text = done.stdout + done.stderr
    if after:
        text = text[text.index(after) :]
    print(text, end="")
    print(f"(exit status {done.returncode})")


def cli_and_course_cli_weights():
    """The weights LightningCLI trains from configs/course.yaml, and those `python -m lightning_version`'s
    train() trains with the defaults: (weight, bias) each."""
    from lightning_version.cli import PROG, main
    from lightning_version.train import train
    from task.config import TrainConfig

    with silent(), mock.patch.object(sys, "argv", [PROG]):
        linear = main(["fit", "--config", str(ROOT / "configs" / "course.yaml")]).model.model.linear
        result = train(TrainConfig())
    return (linear.weight.detach(), linear.bias.detach()), (result.weight, result.bias)


def same(a, b):
    return all(map(torch.equal, a, b))
