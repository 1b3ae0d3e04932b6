"""What a training run returns, the same for both versions, so tests can compare them; and how a run that cannot
finish ends: with an error whose one-line message says where and what to do."""
import os
import signal
import sys
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


class RunError(RuntimeError):
    """A fault that ends a run: the command lines print its message as one line, with no traceback."""


class Diverged(RunError):
    """A loss or metric became NaN or infinite: training on would only carry the damage into the weights."""


def check_finite(name, value, epoch, batch=None):
    """Raises Diverged if a 0-d loss or metric is NaN or infinite; epoch and batch count from 0, as in the logs."""
    if not torch.isfinite(value):
        where = f"epoch {epoch}, batch {batch}" if batch is not None else f"the validation of epoch {epoch}"
        raise Diverged(f"{name} became {value.item()} at {where}, so the run stopped there: lower --lr, or look "
                       "for huge or missing values in the data")


class Interrupted(BaseException):
    """SIGTERM or SIGINT (Ctrl-C) asked the run to stop; status is the shell's 128 + the signal's number.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` on the way (logging's, for one) swallows
    it; not a KeyboardInterrupt, which Lightning's fit would turn into sys.exit(1) with a line of its own.
    """

    def __init__(self, signum):
        self.status = 128 + signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def stop_on_signals():
    """SIGTERM and SIGINT raise Interrupted wherever the run is, so it unwinds (a half-written checkpoint is
    discarded) and ends with one line; returns the handlers it replaced, to put back with restore_signals."""
    def interrupt(signum, frame):
        raise Interrupted(signum)

    return {signum: signal.signal(signum, interrupt) for signum in (signal.SIGTERM, signal.SIGINT)}


def restore_signals(handlers):
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def exit_worker():
    """Ends a process of a data-parallel run whose training returned: leaves its process group, then exits with
    status 0, skipping the C++ teardown at interpreter exit.

    With this torch version a gloo process sometimes aborts there ("terminate called without an active exception"),
    after training has finished, which makes the launcher report a failure (seen in 1 of 20 vanilla runs; reported
    in 2 of 10 Lightning --strategy ddp runs, which leave the group up). A process that fails raises and exits with
    its error instead.
    """
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
