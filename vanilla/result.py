"""What a training run returns, the same for both versions, so tests can compare them."""
from dataclasses import dataclass

import torch


@dataclass
class TrainResult:
    """What happened in a run, on the CPU: every step's loss and the final weights."""

    step_losses: torch.Tensor  # (epochs * batches_per_epoch,)
    weight: torch.Tensor  # (1, n_features)
    bias: torch.Tensor  # (1,)
    epochs: int

    @property
    def epoch_losses(self):
        """Mean loss of each epoch: (epochs,)."""
        return self.step_losses.view(self.epochs, -1).mean(dim=1)
