"""Callbacks for what the vanilla loop does by hand and the Trainer has no flag for: recording what
happened, and stopping at the first NaN."""

from lightning.pytorch.callbacks import Callback

from common.checks import check_finite
from common.result import HISTORY, stack


class History(Callback):
    """Records each step's loss and each validation, as the loop's `losses` and `validations`
    do, outside the model; its state_dict goes into every checkpoint."""

    def __init__(self):
        self.history = {key: [] for key in HISTORY}

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        self.history["step_losses"].append(trainer.callback_metrics["train_loss"])

    def on_validation_end(self, trainer, pl_module):
        for key in ("val_loss", "val_r2"):
            self.history[key].append(trainer.callback_metrics[key])

    def state_dict(self):
        return {key: stack(values) for key, values in self.history.items()}

    def load_state_dict(self, state_dict):
        self.history = {key: list(values) for key, values in state_dict.items()}


class StopOnNaN(Callback):
    """Ends the run at the first NaN or infinite loss or metric, before it is saved. Lightning 2.6.6
    has no Trainer option for it; EarlyStopping(check_finite=True) looks once an epoch, and ends
    the run as if it had succeeded."""

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        loss = trainer.callback_metrics["train_loss"]
        check_finite("train_loss", loss, trainer.current_epoch, batch_idx)

    def on_validation_end(self, trainer, pl_module):
        for key in ("val_loss", "val_r2"):
            check_finite(key, trainer.callback_metrics[key], trainer.current_epoch)
