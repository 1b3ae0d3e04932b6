"""Lesson 5's helpers (notebooks/05_saving_and_validating.ipynb): the scratch folder, the runs it compares, the
checks that two runs are bitwise equal."""

import importlib
import os
import tempfile

import torch

from course import quiet, silent
from course.cost import SIDES
from course.cost import stage_train as stage  # the lesson calls it stage(side, feature)


def setup():
    """Quiets Lightning's banners (course.quiet) and moves into a new scratch folder, where the lesson's logs and
    checkpoints go: every path the lesson names is relative to it."""
    quiet()
    os.chdir(tempfile.mkdtemp())


def full_version(side):
    """train() of a full version, vanilla/train.py or lightning_version/train.py: every feature at once."""
    return importlib.import_module(f"{side}.train").train


def four_runs(feature, config):
    """config trained four times, printing nothing: by the feature's two files, then by the two full versions.
    Returns (the two files' results, the two full versions' TrainResults)."""
    with silent():
        stages = [stage(side, feature)(config) for side in SIDES]
        fulls = [full_version(side)(config) for side in SIDES]
    return stages, fulls


def same(a, b):
    """Two TrainResults bitwise equal: per-step losses, weights, validation history, epochs run."""
    fields = ("step_losses", "weight", "bias", "val_loss", "val_r2")
    return (
        all(torch.equal(getattr(a, field), getattr(b, field)) for field in fields)
        and a.epochs == b.epochs
    )


def same_run(run, result):
    """A feature file's (losses, model[, validations]) bitwise equal to a full version's TrainResult."""
    losses, model = run[:2]
    equal = torch.equal(torch.stack(losses).cpu(), result.step_losses)
    equal &= torch.equal(model.linear.weight.detach().cpu(), result.weight)
    equal &= torch.equal(model.linear.bias.detach().cpu(), result.bias)
    for key in ("val_loss", "val_r2")[: 2 * (len(run) == 3)]:
        equal &= torch.equal(
            torch.stack([epoch[key].cpu() for epoch in run[2]]), getattr(result, key)
        )
    return equal
