"""Checkpoint files, for both versions: which one to resume from, whether it may be resumed with the
flags given, and reading it safely; every refusal is one line that says what to do."""

import re
import zipfile
from dataclasses import asdict
from pathlib import Path

import torch

from common.checkpoint_fields import (
    CHECKPOINT,
    CheckpointError,
    check_consistent,
    check_fields,
    expected_fields,
    tampered,
)
from task.config import flag

# ModelCheckpoint's name for a second file of the same epoch
COPY = re.compile(r"epoch=\d+-v\d+\.ckpt")
CONFIG_KEY = {
    "python -m vanilla": "config",
    "python -m lightning_version": "datamodule_hyper_parameters",
}
MAY_CHANGE = (
    "epochs",
    "log_dir",
    "log_every_n_steps",
    "checkpoint_dir",
    "resume",
    "accelerator",
    "strategy",
    "progress_bar",
)


def load_checkpoint(path, map_location="cpu"):
    """Reads tensors, numbers and strings only (weights_only=True): loading a checkpoint never runs
    its code.

    First every record of the file (torch.save writes a zip archive) is read and checked against the
    CRC-32 the archive stores for it: a damaged file is refused instead of loading with other
    numbers.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise CheckpointError(
            f"{path} is not a file, so it is no checkpoint: move it aside, or name a "
            "checkpoint file"
        )
    if not path.is_file():
        raise CheckpointError(
            f"no checkpoint at {path}: train once with --checkpoint-dir {path.parent} first, "
            "or leave out --resume"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            # the first record whose bytes do not match their CRC-32, or None
            bad = archive.testzip()
        if bad:
            raise zipfile.BadZipFile(f"record {bad} fails its CRC-32 check")
        return torch.load(path, map_location=map_location, weights_only=True)
    except Exception as error:
        if "unsupported global" in str(error).lower():  # a pickled object, not damage
            raise CheckpointError(
                f"checkpoint {path} holds objects other than tensors, numbers and strings, which "
                f"weights_only=True refuses to unpickle (unpickling can run code); nothing was "
                f"deleted: resume only from checkpoints this course wrote, or start again without "
                f"--resume"
            ) from error
        what = str(error) if "CRC-32" in str(error) else type(error).__name__
        raise CheckpointError(
            f"checkpoint {path} is truncated or corrupted ({what}), so training cannot resume "
            f"from it; nothing was deleted: move it aside to resume from an earlier checkpoint, "
            f"or start again without --resume"
        ) from error


def checkpoint_to_resume(config):
    """The newest checkpoint when resuming, else None; refuses to start afresh over checkpoints
    already saved.

    Only files named epoch=N.ckpt count (N from 0); other files are left alone. A copy named
    epoch=N-vM.ckpt means two runs saved into this folder, so which one to continue is unclear:
    refused. So is a folder (or anything not a file) named epoch=N.ckpt: no run could save that
    epoch.
    """
    if not config.checkpoint_dir:
        return None
    copies = sorted(
        path.name
        for path in Path(config.checkpoint_dir).glob("*.ckpt")
        if COPY.fullmatch(path.name)
    )
    if copies:
        raise CheckpointError(
            f"{config.checkpoint_dir} holds {copies[0]}, the name Lightning gives a second "
            "checkpoint of one epoch when two runs save into one folder, so which run to continue "
            "is unclear: move one run's files elsewhere, or choose another --checkpoint-dir"
        )
    strays = sorted(
        path.name
        for path in Path(config.checkpoint_dir).glob("epoch=*.ckpt")
        if CHECKPOINT.fullmatch(path.name) and not path.is_file()
    )
    if strays:  # a save of that epoch would fail on it, and a resume would pass it by
        raise CheckpointError(
            f"{Path(config.checkpoint_dir) / strays[0]} is not a file, so it is no checkpoint, "
            "yet it has a checkpoint's name: move it out of the folder, or choose another "
            "--checkpoint-dir"
        )
    newest = newest_checkpoint(config.checkpoint_dir)
    if config.resume:
        if not newest:
            raise CheckpointError(
                f"no checkpoint to resume from in {config.checkpoint_dir}: leave out --resume"
            )
        return newest
    if newest:
        raise CheckpointError(
            f"{config.checkpoint_dir} already holds checkpoints: pass --resume to continue from "
            f"{newest.name}, or choose another --checkpoint-dir (nothing was overwritten)"
        )
    return None


def newest_checkpoint(folder):
    """The file epoch=N.ckpt with the highest N in folder, or None."""
    saved = (
        [
            path
            for path in Path(folder).glob("*.ckpt")
            if CHECKPOINT.fullmatch(path.name) and path.is_file()
        ]
        if folder
        else []
    )
    return max(saved, key=lambda path: int(CHECKPOINT.fullmatch(path.name)[1]), default=None)


def load_to_resume(path, config, writer):
    """The checkpoint at path, read as load_checkpoint does, once it is known to continue the same
    run.

    writer: the command that saves such checkpoints, whose key in them holds the flags of the run
    (CONFIG_KEY). Refused: a checkpoint from the other version or without its flags, flags that
    would change the run (all but MAY_CHANGE), a field missing or not as expected_fields says, or at
    odds with the file's name, the other fields or the flags (check_consistent; each named), and
    --epochs that leave nothing to train.
    """
    checkpoint = load_checkpoint(path)
    if CONFIG_KEY[writer] not in checkpoint:
        others = [other for other, key in CONFIG_KEY.items() if key in checkpoint]
        raise CheckpointError(
            f"checkpoint {path} was written by {others[0] if others else 'another program'}, "
            f"not {writer}: resume it with the command that wrote it, or start afresh in "
            "another --checkpoint-dir"
        )
    saved, given = checkpoint[CONFIG_KEY[writer]], asdict(config)
    if not isinstance(saved, dict):
        raise tampered(path, [CONFIG_KEY[writer]], "is not a dict of flags")
    unknown = sorted(set(saved) - set(given), key=str)
    if unknown:  # a flag the course does not have: not a run of this version, whatever its value
        raise tampered(path, [CONFIG_KEY[writer], unknown[0]], "is not one of the course's flags")
    changed = [
        f"{flag(name)} saved {saved.get(name)!r}, now {given.get(name)!r}"
        for name in sorted(saved | given)
        if name not in MAY_CHANGE and saved.get(name) != given.get(name)
    ]
    if changed:
        raise CheckpointError(
            f"--resume would change the run saved in {path}: {'; '.join(changed)}. Pass the saved "
            "values to continue it, or start a new run in another --checkpoint-dir"
        )
    check_fields(checkpoint, expected_fields(config, writer), path)
    check_consistent(checkpoint, config, writer, path)
    done = checkpoint["epoch"] + 1
    if config.epochs <= done:
        raise CheckpointError(
            f"{path} holds {done} epochs already, and --epochs {config.epochs} leaves nothing "
            f"to train: pass --epochs {done + 1} or more to train on"
        )
    return checkpoint
