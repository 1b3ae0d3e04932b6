"""Checkpoint files, for both versions: which one to resume from, and reading it safely with errors that say what to do."""
from pathlib import Path

import torch


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be read; the message names the file and what to do."""


def load_checkpoint(path, map_location="cpu"):
    """Reads tensors, numbers and strings only (weights_only=True): loading a checkpoint never runs its code."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}: train once with --checkpoint-dir {path.parent} first, "
                              "or leave out --resume")
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except Exception as error:
        if "unsupported global" in str(error).lower():  # a pickled object, not damage
            raise CheckpointError(
                f"checkpoint {path} holds objects other than tensors, numbers and strings, which "
                f"weights_only=True refuses to unpickle (unpickling can run code); nothing was deleted: resume only "
                f"from checkpoints this course wrote, or start again without --resume"
            ) from error
        raise CheckpointError(
            f"checkpoint {path} is truncated or corrupted ({type(error).__name__}), so training cannot resume "
            f"from it; nothing was deleted: move it aside to resume from an earlier checkpoint, or start again "
            f"without --resume"
        ) from error


def checkpoint_to_resume(config):
    """The newest checkpoint when resuming, else None; refuses to start afresh over checkpoints already saved.

    Files are named as Lightning's ModelCheckpoint(filename="{epoch}") names them: epoch=N.ckpt, N from 0.
    """
    if not config.checkpoint_dir:
        return None
    saved = sorted(Path(config.checkpoint_dir).glob("epoch=*.ckpt"), key=lambda p: int(p.stem.split("=")[1]))
    if config.resume:
        if not saved:
            raise CheckpointError(f"no checkpoint to resume from in {config.checkpoint_dir}: leave out --resume")
        return saved[-1]
    if saved:
        raise CheckpointError(f"{config.checkpoint_dir} already holds checkpoints: pass --resume to continue from "
                              f"{saved[-1].name}, or choose another --checkpoint-dir (nothing was overwritten)")
    return None
