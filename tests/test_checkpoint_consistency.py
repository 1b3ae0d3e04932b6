"""A checkpoint's fields tell one story, checked before anything is restored: the epoch of the file's name, as many
losses and validations as its epochs had, Lightning's loop counters, finite numbers, early stopping's state, and the
optimizer and lr scheduler that the saved flags build; and only a file is a checkpoint. Both versions, in-process.

Each refusal below was, before these checks, a resume that exited 0 with a wrong result (blind round 1: c38, c40,
c44, c45) or a line with wrong advice (c47). And every checkpoint the course itself writes still resumes.
"""

from dataclasses import replace
from pathlib import Path

import pytest
import torch
from test_checkpoint_integrity import ARGV, SIDES, SMALL, cli, saved, setting  # noqa: F401 (saved: a fixture)

from common.checkpoint_fields import EARLY_STOPPING, check_consistent, check_fields, expected_fields
from common.checkpoints import CheckpointError, load_checkpoint, load_to_resume, newest_checkpoint

WRITER = {side: f"python -m {side}" for side in SIDES}
OPTIMIZER = (
    "the course's SGD and ExponentialLR with --lr 0.01 and --lr-decay 1.0 hold that after 2 epochs"
)
NOT_FINITE = "not a finite number (a run stops at its first nan or inf, before saving it)"


def at(*index, value):
    """A change to one element of a tensor: tensor[index] = value."""

    def change(tensor):
        tensor = tensor.clone()
        tensor[index] = value
        return tensor

    return change


def lowest(*keys):
    """The problem's text, from the untouched checkpoint: the lowest val_loss of its history at keys."""

    def problem(checkpoint):
        for key in keys:
            checkpoint = checkpoint[key]
        return checkpoint["val_loss"].min().item()

    return problem


INCONSISTENT = {  # SMALL's epoch=1.ckpt: 2 epochs of 2 batches, one optimizer step each, a validation after each
    "vanilla": {
        "c45 an epoch the file's name does not say": (
            setting("epoch", value=7),
            "['epoch'] is 7, but the file's name says epoch=1",
        ),
        "c44 step losses cut short": (
            setting("history", "step_losses", value=lambda losses: losses[:3]),
            "['history']['step_losses'] holds 3 values, not 4 (2 batches in each of epochs 0 to 1)",
        ),
        "a validation missing": (
            setting("history", "val_r2", value=lambda r2: r2[:1]),
            "['history']['val_r2'] holds 1 values, not 2 (a validation after each of epochs "
            "0 to 1)",
        ),
        "c38 a NaN weight": (
            setting("model", "linear.weight", value=at(0, 0, value=float("nan"))),
            f"['model']['linear.weight'] holds nan at [0, 0], {NOT_FINITE}",
        ),
        "an infinite loss in the history": (
            setting("history", "step_losses", value=at(2, value=float("inf"))),
            f"['history']['step_losses'] holds inf at [2], {NOT_FINITE}",
        ),
        "a best loss the history does not hold": (
            setting("best", value=0.0),
            "['best'] is 0.0, but the lowest val_loss of the history is {}",
            lowest("history"),
        ),
        "bad epochs the history does not give": (
            setting("bad_epochs", value=5),
            "['bad_epochs'] is 5, but the history has 0 validations after its lowest val_loss",
        ),
        "c40 an lr the flags do not give": (
            setting("optimizer", "param_groups", 0, "lr", value=0.5),
            f"['optimizer']['param_groups'][0]['lr'] is 0.5, not 0.01: {OPTIMIZER}",
        ),
        "a momentum the course never sets": (
            setting("optimizer", "param_groups", 0, "momentum", value=0.9),
            f"['optimizer']['param_groups'][0]['momentum'] is 0.9, not 0: {OPTIMIZER}",
        ),
        "a scheduler one epoch behind": (
            setting("scheduler", "last_epoch", value=1),
            f"['scheduler']['last_epoch'] is 1, not 2: {OPTIMIZER}",
        ),
        "t06 a saved flag the course does not have": (
            setting("config", "foo", value=1),
            "['config']['foo'] is not one of the course's flags",
        ),
    },
    "lightning_version": {
        "c45 an epoch the file's name does not say": (
            setting("epoch", value=7),
            "['epoch'] is 7, but the file's name says epoch=1",
        ),
        "c44 step losses cut short": (
            setting("callbacks", "History", "step_losses", value=lambda losses: losses[:3]),
            "['callbacks']['History']['step_losses'] holds 3 values, not 4 (2 batches in "
            "each of epochs 0 to 1)",
        ),
        "the epoch Lightning resumes from": (
            setting("loops", "fit_loop", "epoch_progress", "current", "processed", value=7),
            "['loops']['fit_loop']['epoch_progress']['current']['processed'] is 7, "
            "not 2 (epoch 1 is the 2nd)",
        ),
        "the step Lightning resumes from": (
            setting(
                "loops",
                "fit_loop",
                "epoch_loop.automatic_optimization.optim_progress",
                "optimizer",
                "step",
                "total",
                "completed",
                value=9,
            ),
            "['loops']['fit_loop']['epoch_loop.automatic_optimization.optim_progress']"
            "['optimizer']['step']['total']['completed'] is 9, not 4 (2 epochs of 2 "
            "optimizer steps)",
        ),
        "a global step the epochs do not give": (
            setting("global_step", value=3),
            "['global_step'] is 3, not 4 (2 epochs of 2 optimizer steps)",
        ),
        "c38 a NaN weight": (
            setting("state_dict", "model.linear.weight", value=at(0, 0, value=float("nan"))),
            f"['state_dict']['model.linear.weight'] holds nan at [0, 0], {NOT_FINITE}",
        ),
        "an infinite bias": (
            setting("state_dict", "model.linear.bias", value=at(0, value=float("-inf"))),
            f"['state_dict']['model.linear.bias'] holds -inf at [0], {NOT_FINITE}",
        ),
        "c40 an lr the flags do not give": (
            setting("optimizer_states", 0, "param_groups", 0, "lr", value=0.5),
            f"['optimizer_states'][0]['param_groups'][0]['lr'] is 0.5, not 0.01: {OPTIMIZER}",
        ),
        "a scheduler's last lr the flags do not give": (
            setting("lr_schedulers", 0, "_last_lr", value=[0.5]),
            f"['lr_schedulers'][0]['_last_lr'] is [0.5], not [0.01]: {OPTIMIZER}",
        ),
        "t07 a saved flag the course does not have": (
            setting("datamodule_hyper_parameters", "foo", value=1),
            "['datamodule_hyper_parameters']['foo'] is not one of the course's flags",
        ),
        "t06 the module's lr the flags do not give": (
            setting("hyper_parameters", "lr", value=0.5),
            "['hyper_parameters']['lr'] is float 0.5, not 0.01 (the saved flags')",
        ),
    },
}
CASES = [(side, case) for side in INCONSISTENT for case in INCONSISTENT[side]]


@pytest.mark.parametrize(("side", "case"), CASES, ids=[f"{side}-{case}" for side, case in CASES])
def test_a_checkpoint_whose_fields_disagree_is_refused_in_one_line_naming_the_field_and_both_values(
    side,
    case,
    saved,  # noqa: F811 (the fixture imported above)
    tmp_path,
    capsys,
):
    """Each change keeps every field's type and shape, so check_fields passes it: only check_consistent stands
    between it and a resume that trains on (at lr 0.5, from epoch 8, from a NaN) and exits 0."""
    change, problem, *values = INCONSISTENT[side][case]
    checkpoint = torch.load(saved[side] / "epoch=1.ckpt", weights_only=True)
    problem = problem.format(*(value(checkpoint) for value in values))
    change(checkpoint)
    path = tmp_path / "epoch=1.ckpt"
    torch.save(checkpoint, path)
    # the types still fit
    check_fields(checkpoint, expected_fields(replace(SMALL, epochs=3), WRITER[side]), path)
    status, line = cli(
        side, [*ARGV, "--epochs", "3", "--checkpoint-dir", tmp_path, "--resume"], capsys
    )
    assert (status, line) == (
        1,
        f"python -m {side}: error: checkpoint {path} cannot be resumed: checkpoint{problem}, "
        "so it was changed after it was saved, or saved by other code; nothing was deleted: "
        "move it aside to resume from an earlier checkpoint, or start again without --resume",
    )
    assert [p.name for p in tmp_path.glob("*.ckpt")] == ["epoch=1.ckpt"]


@pytest.mark.parametrize("resume", [True, False], ids=["resume", "fresh"])
@pytest.mark.parametrize("side", SIDES)
def test_a_folder_named_like_a_checkpoint_is_refused_naming_it(
    side,
    resume,
    saved,  # noqa: F811 (the fixture imported above)
    tmp_path,
    capsys,
):
    """c47: before, --resume took a folder epoch=9.ckpt for the newest checkpoint and said "no checkpoint at ...:
    train once first" beside two real ones; a fresh run would have failed at epoch 9, unable to save over it."""
    folder = tmp_path / "ckpt"
    for name in ("epoch=0.ckpt", "epoch=1.ckpt"):
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes((saved[side] / name).read_bytes())
    (folder / "epoch=9.ckpt").mkdir()
    argv = [*ARGV, "--epochs", "12", "--checkpoint-dir", folder] + (["--resume"] if resume else [])
    status, line = cli(side, argv, capsys)
    assert (status, line) == (
        1,
        f"python -m {side}: error: {folder / 'epoch=9.ckpt'} is not a file, so it is no "
        "checkpoint, yet it has a checkpoint's name: move it out of the folder, or choose "
        "another --checkpoint-dir",
    )
    # what the interruption messages name
    assert newest_checkpoint(folder) == folder / "epoch=1.ckpt"


def test_loading_a_folder_says_it_is_not_a_file(tmp_path):
    with pytest.raises(CheckpointError) as refused:
        load_checkpoint(tmp_path)
    assert (
        str(refused.value)
        == f"{tmp_path} is not a file, so it is no checkpoint: move it aside, or name a "
        "checkpoint file"
    )


# Every checkpoint the course writes resumes: no false refusal ------------------------------------------------------

RUNS = {  # (the run, the same run resumed to more epochs, or None)
    "a plain run": (SMALL, None),
    "no validation": (replace(SMALL, val_fraction=0.0), None),
    "--lr-decay": (replace(SMALL, lr_decay=0.7, epochs=3), None),
    "early stopping": (
        replace(SMALL, n_samples=25, batch_size=4, early_stopping_patience=1, lr=0.3, epochs=8),
        None,
    ),
    "accumulation with a short last window": (
        replace(SMALL, n_samples=25, batch_size=4, accumulate_grad_batches=3),
        None,
    ),
    "shuffled, clipped, bfloat16": (
        replace(SMALL, shuffle=True, gradient_clip_val=0.5, precision="bf16-mixed"),
        None,
    ),
    "the diabetes data": (replace(SMALL, dataset="diabetes", batch_size=64), None),
    "a resumed run with --lr-decay": (
        replace(SMALL, lr_decay=0.5),
        replace(SMALL, lr_decay=0.5, epochs=4),
    ),
}
RUN_CASES = [(side, run) for side in SIDES for run in RUNS]


@pytest.mark.filterwarnings("ignore:precision='16-mixed' is not supported on CPU")
@pytest.mark.parametrize(
    ("side", "run"), RUN_CASES, ids=[f"{side}-{run}" for side, run in RUN_CASES]
)
def test_every_checkpoint_the_course_writes_passes_the_checks(side, run, tmp_path):
    config, resumed = RUNS[run]
    config = replace(config, checkpoint_dir=str(tmp_path))
    SIDES[side](config)
    if resumed:
        SIDES[side](replace(resumed, checkpoint_dir=str(tmp_path), resume=True))
    paths = sorted(tmp_path.glob("epoch=*.ckpt"), key=lambda path: load_checkpoint(path)["epoch"])
    epochs = (resumed or config).epochs
    if run == "early stopping":
        assert 1 < len(paths) < epochs, "the run did not stop early"
    else:
        assert len(paths) == epochs
    for path in paths:
        load_to_resume(path, replace(config, epochs=epochs + 1, resume=True), WRITER[side])


@pytest.mark.parametrize("side", SIDES)
def test_early_stoppings_state_must_agree_with_the_history(side, tmp_path):
    """The last checkpoint of a run that stopped early: its validations since the lowest val_loss, edited."""
    config = replace(RUNS["early stopping"][0], checkpoint_dir=str(tmp_path))
    SIDES[side](config)
    path = newest_checkpoint(tmp_path)
    checkpoint = load_checkpoint(path)
    keys = ("bad_epochs",) if side == "vanilla" else ("callbacks", EARLY_STOPPING, "wait_count")
    setting(*keys, value=0)(checkpoint)
    field = "checkpoint" + "".join(f"[{key!r}]" for key in keys)
    with pytest.raises(CheckpointError) as refused:
        check_consistent(checkpoint, config, WRITER[side], path)
    assert f"{field} is 0, but the history has 1 validations after its lowest val_loss" in str(
        refused.value
    )


def test_a_path_not_named_like_a_checkpoint_is_checked_for_everything_but_its_name(saved, tmp_path):  # noqa: F811
    """load_to_resume may be handed any path; the name says an epoch only when it is epoch=N.ckpt."""
    path = Path(tmp_path / "renamed.ckpt")
    path.write_bytes((saved["vanilla"] / "epoch=1.ckpt").read_bytes())
    assert load_to_resume(path, replace(SMALL, epochs=3), WRITER["vanilla"])["epoch"] == 1
