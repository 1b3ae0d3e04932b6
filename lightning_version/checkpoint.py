"""Saving and loading with Lightning: ModelCheckpoint and fit(ckpt_path=...), plus the two gaps we close ourselves."""
import torch
from lightning.pytorch.callbacks import Callback
from lightning.pytorch.plugins.io import TorchCheckpointIO

from vanilla.checkpoint import load_checkpoint, save_checkpoint


class AtomicCheckpointIO(TorchCheckpointIO):
    """Lightning writes checkpoints in place; this plugin writes then renames, and loads with weights_only=True."""

    def save_checkpoint(self, checkpoint, path, storage_options=None):
        save_checkpoint(checkpoint, path)

    def load_checkpoint(self, path, map_location=None, weights_only=None):
        return load_checkpoint(path, map_location)


class RandomState(Callback):
    """Lightning's checkpoints hold no random-number state; a callback's state_dict goes into every checkpoint."""

    def state_dict(self):
        return {"rng": torch.get_rng_state()}

    def load_state_dict(self, state_dict):
        torch.set_rng_state(state_dict["rng"])
