"""Saving with Lightning: ModelCheckpoint writes the files; a callback adds the random state it leaves out."""
import torch
from lightning.pytorch.callbacks import Callback


class RandomState(Callback):
    """Lightning's checkpoints hold no random-number state; a callback's state_dict goes into every checkpoint."""

    def state_dict(self):
        return {"rng": torch.get_rng_state()}

    def load_state_dict(self, state_dict):
        torch.set_rng_state(state_dict["rng"])
