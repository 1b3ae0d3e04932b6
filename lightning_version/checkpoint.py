"""Saving with Lightning: ModelCheckpoint writes the files; a callback adds the random state, and a
plugin keeps each save's temporary file beside its checkpoint."""

import os
from pathlib import Path

import torch
from lightning.pytorch.callbacks import Callback
from lightning.pytorch.plugins import TorchCheckpointIO


class RandomState(Callback):
    """Lightning's checkpoints hold no random state; a callback's state_dict goes into each one."""

    def state_dict(self):
        return {"rng": torch.get_rng_state()}

    def load_state_dict(self, state_dict):
        torch.set_rng_state(state_dict["rng"])


class SameFolderCheckpointIO(TorchCheckpointIO):
    """Lightning's own save writes a temporary file in TMPDIR, then moves it into place: a rename
    only where TMPDIR shares the checkpoints' file system, else a copy that a crash or a full disk
    cuts short under the checkpoint's name. This one writes the temporary file beside it."""

    def save_checkpoint(self, checkpoint, path, storage_options=None):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            with open(partial, "wb") as file:  # a Python file: a full disk is an OSError
                torch.save(checkpoint, file)
                file.flush()
                os.fsync(file.fileno())  # the bytes on the disk before the name points to them
            os.replace(partial, path)  # a rename: one folder, one file system
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(path.parent)) from error
        finally:
            partial.unlink(missing_ok=True)  # gone after the rename; still there if the save failed
