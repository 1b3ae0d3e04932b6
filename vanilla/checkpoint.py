"""Saving by hand: the run's whole state, written to a temporary file and then renamed."""
import os
from pathlib import Path

import torch


def save_checkpoint(state, path):
    """Writes to a temporary file, then renames: a crash mid-save leaves the previous checkpoint whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    torch.save(state, partial)
    os.replace(partial, path)  # atomic on one file system


def checkpoint_path(checkpoint_dir, epoch):
    """The file for the end of an epoch (0-based), named as Lightning's ModelCheckpoint(filename="{epoch}") does."""
    return Path(checkpoint_dir) / f"epoch={epoch}.ckpt"
