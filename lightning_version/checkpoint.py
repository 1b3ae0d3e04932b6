"""Saving with Lightning: ModelCheckpoint writes the files; a callback adds the random state."""
import torch
from lightning.pytorch.callbacks import Callback


class RandomState(Callback):
    """Lightning's checkpoints hold no random state; a callback's state_dict goes into each one."""

    def state_dict(self):
        return {"rng": torch.get_rng_state()}

    def load_state_dict(self, state_dict):
        torch.set_rng_state(state_dict["rng"])
