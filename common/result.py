"""What a training run returns, the same for both versions, so tests can compare them."""

from dataclasses import dataclass
from pathlib import Path

import torch

# what a run records: one value per batch, per validation
HISTORY = ("step_losses", "val_loss", "val_r2")


@dataclass
class TrainResult:
    """What happened in a run, on the CPU: every step's loss, every validation, and the final
    weights."""

    step_losses: torch.Tensor  # (epochs * batches_per_epoch,)
    weight: torch.Tensor  # (1, n_features)
    bias: torch.Tensor  # (1,)
    epochs: int  # epochs run: fewer than configured when early stopping ended the run
    val_loss: torch.Tensor  # (epochs,) MSE on the validation rows; (0,) without validation
    val_r2: torch.Tensor  # (epochs,) R² on the validation rows; (0,) without validation
    resumed_epochs: int = 0  # epochs a checkpoint brought back; this process trained the rest
    log_file: str = ""  # the run's metrics.csv; "" when it wrote none

    @classmethod
    def from_history(cls, history, linear, batches_per_epoch, resumed_epochs=0, log_file=""):
        """From lists of 0-d tensors (on any device) or 1-d tensors, and the trained nn.Linear."""
        return cls(
            step_losses=stack(history["step_losses"]),
            weight=linear.weight.detach().cpu(),
            bias=linear.bias.detach().cpu(),
            epochs=len(history["step_losses"]) // batches_per_epoch,
            val_loss=stack(history["val_loss"]),
            val_r2=stack(history["val_r2"]),
            resumed_epochs=resumed_epochs,
            log_file=str(log_file),
        )

    @property
    def epoch_losses(self):
        """Mean loss of each epoch: (epochs,)."""
        if not len(self.step_losses):  # a forked or spawned Lightning run returns its weights only
            return torch.empty(0)
        return self.step_losses.view(self.epochs, -1).mean(dim=1)

    def summary(self, config, shown=3):
        """What the command lines print at the end: the first, middle and last `shown` epochs as a
        table (epochs count from 0, as in the logs and the checkpoints' names), the final metrics,
        where the logs and checkpoints are."""
        if not len(self.step_losses):
            return "trained; the losses stayed in the worker processes"
        columns = {
            "train_loss": self.epoch_losses,
            "val_loss": self.val_loss,
            "val_r2": self.val_r2,
        }
        columns = {name: values.tolist() for name, values in columns.items() if len(values)}
        middle = (self.epochs - shown) // 2
        rows = {
            *range(shown),
            *range(middle, middle + shown),
            *range(self.epochs - shown, self.epochs),
        }
        # no lone "..."
        rows = sorted(
            row for row in range(self.epochs) if row in rows or {row - 1, row + 1} <= rows
        )
        table = [["epoch", *columns]]
        for before, epoch in zip([-1, *rows], rows):
            if epoch > before + 1:
                table.append(["...", *[""] * len(columns)])
            table.append([str(epoch), *(f"{values[epoch]:.4f}" for values in columns.values())])
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        lines = [
            "  ".join(cell.rjust(width) for cell, width in zip(row, widths)).rstrip()
            for row in table
        ]
        stopped = (
            f"{self.epochs} of {config.epochs} epochs (early stopping)"
            if self.epochs < config.epochs
            else f"{self.epochs} epochs"
        )
        if self.resumed_epochs:
            stopped += f", {self.resumed_epochs} of them resumed from a checkpoint"
        batches = len(self.step_losses) // self.epochs
        lines.append(f"{stopped}; train_loss is the mean of each epoch's {batches} batches")
        lines.append(
            "final: " + ", ".join(f"{name} {values[-1]:.4f}" for name, values in columns.items())
        )
        if self.log_file:
            lines.append(f"logs: {self.log_file}")
        if config.checkpoint_dir:
            last = Path(config.checkpoint_dir) / f"epoch={self.epochs - 1}.ckpt"
            lines.append(f"checkpoints: {config.checkpoint_dir} (the last: {last})")
        return "\n".join(lines)


def stack(values):
    """0-d tensors in a list (or one 1-d tensor) as one 1-d CPU tensor; empty: an empty tensor."""
    if isinstance(values, torch.Tensor):
        return values.cpu()
    return torch.stack([value.cpu() for value in values]) if values else torch.empty(0)
