"""What a training run returns, the same for both versions, so tests can compare them."""
from dataclasses import dataclass

import torch

HISTORY = ("step_losses", "val_loss", "val_r2")  # what a run records: one value per batch, per validation


@dataclass
class TrainResult:
    """What happened in a run, on the CPU: every step's loss, every validation, and the final weights."""

    step_losses: torch.Tensor  # (epochs * batches_per_epoch,)
    weight: torch.Tensor  # (1, n_features)
    bias: torch.Tensor  # (1,)
    epochs: int  # epochs run: fewer than configured when early stopping ended the run
    val_loss: torch.Tensor  # (epochs,) MSE on the validation rows; (0,) without validation
    val_r2: torch.Tensor  # (epochs,) R² on the validation rows; (0,) without validation
    resumed_epochs: int = 0  # epochs a checkpoint brought back; this process trained the rest

    @classmethod
    def from_history(cls, history, linear, batches_per_epoch, resumed_epochs=0):
        """From lists of 0-d tensors (on any device) and the trained nn.Linear."""
        return cls(
            step_losses=stack(history["step_losses"]),
            weight=linear.weight.detach().cpu(),
            bias=linear.bias.detach().cpu(),
            epochs=len(history["step_losses"]) // batches_per_epoch,
            val_loss=stack(history["val_loss"]),
            val_r2=stack(history["val_r2"]),
            resumed_epochs=resumed_epochs,
        )

    @property
    def epoch_losses(self):
        """Mean loss of each epoch: (epochs,)."""
        if not len(self.step_losses):  # a forked or spawned Lightning run returns its weights only
            return torch.empty(0)
        return self.step_losses.view(self.epochs, -1).mean(dim=1)

    def summary(self):
        """What the command line prints: per-epoch losses, and the validation metrics when there are any."""
        rows = {"loss": self.epoch_losses, "val_loss": self.val_loss, "val_r2": self.val_r2}
        lines = [f"per-epoch {name}: " + " ".join(f"{value:.4f}" for value in values.tolist())
                 for name, values in rows.items() if len(values)]
        if self.resumed_epochs:
            lines.insert(0, f"resumed a checkpoint of {self.resumed_epochs} epochs, trained "
                            f"{self.epochs - self.resumed_epochs} more: {self.epochs} in all")
        return "\n".join(lines) or "trained; the losses stayed in the worker processes"


def stack(values):
    """A list of 0-d tensors as one 1-d CPU tensor; empty lists give an empty tensor."""
    return torch.stack([value.cpu() for value in values]) if values else torch.empty(0)
