"""Saving by hand: the run's whole state, written to a temporary file and then renamed."""

import os
from pathlib import Path

import torch

from common.result import stack


def save_checkpoint(state, path):
    """Writes a temporary file beside path, then renames it: a crash or a full disk mid-save
    leaves the last checkpoint whole, and the rename never becomes a copy, as it would across
    file systems.

    The temporary name holds the process id, so two runs saving into one folder never write the
    same file; a save that fails (or is interrupted) removes its temporary file and raises, an
    OSError (a full disk, say) naming the folder.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as file:  # a Python file: a full disk is an OSError, not torch's
            torch.save(state, file)
            file.flush()
            os.fsync(file.fileno())  # the bytes on the disk before the name points to them
        os.replace(partial, path)  # atomic on one file system
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path.parent)) from error
    finally:
        partial.unlink(missing_ok=True)  # gone after the rename; still there if the save failed


def checkpoint_path(checkpoint_dir, epoch):
    """The file for the end of an epoch (from 0), named as ModelCheckpoint(filename="{epoch}")."""
    return Path(checkpoint_dir) / f"epoch={epoch}.ckpt"


def to_history(losses, validations):
    """What the run recorded, as a checkpoint holds it: a tensor for each of
    common.result.HISTORY."""
    return {
        "step_losses": stack(losses),
        "val_loss": stack([v["val_loss"] for v in validations]),
        "val_r2": stack([v["val_r2"] for v in validations]),
    }


def from_history(history):
    """(losses, validations) back from to_history's dict."""
    validations = [
        {"val_loss": loss, "val_r2": r2} for loss, r2 in zip(history["val_loss"], history["val_r2"])
    ]
    return list(history["step_losses"]), validations
