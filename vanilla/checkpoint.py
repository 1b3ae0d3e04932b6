"""Saving by hand: the run's whole state, written to a temporary file and then renamed."""
import os
from pathlib import Path

import torch


def save_checkpoint(state, path):
    """Writes a temporary file, then renames it: a crash mid-save leaves the last one whole.

    The temporary name holds the process id, so two runs saving into one folder never write the
    same file; a save that fails (or is interrupted) removes its temporary file and raises.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        torch.save(state, partial)
        os.replace(partial, path)  # atomic on one file system
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def checkpoint_path(checkpoint_dir, epoch):
    """The file for the end of an epoch (from 0), named as ModelCheckpoint(filename="{epoch}")."""
    return Path(checkpoint_dir) / f"epoch={epoch}.ckpt"
