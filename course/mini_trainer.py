"""Lesson 7: a trainer small enough to read, calling a LightningModule's hooks as `L.Trainer.fit` does.

`MiniTrainer` runs the course's own LitRegressor unchanged (lightning_version/minimal.py, and
lightning_version/features/validation.py), on one device, in float32. Below it, the lesson's proof:
`record_hooks` writes down the hooks a trainer calls, `fit_on_task` runs a module on the course task.
"""

import functools

import lightning as L
import torch
from lightning.pytorch.callbacks import Callback
from lightning.pytorch.core.hooks import CheckpointHooks, DataHooks, ModelHooks
from lightning.pytorch.plugins import Precision
from torch.utils.data import DataLoader
from torchmetrics import Metric

from task.recipe import make_dataset, split_rows


class MiniTrainer:
    def __init__(self, max_epochs=1, callbacks=()):
        self.max_epochs = max_epochs
        self.callbacks = list(callbacks)
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.callback_metrics = {}  # what the module logs; callbacks read it here
        # what the module's default hooks read from their trainer
        self.gradient_clip_val, self.gradient_clip_algorithm = None, None
        self.precision_plugin = Precision()  # float32: no autocast, no clipping

    def fit(self, model, train_dataloaders, val_dataloaders=None):
        self.model, model.trainer, model.log = model, self, self.log
        self.callbacks += model.configure_callbacks()
        self._call("setup", "fit")
        model.to(self.device)
        optimizer = model.configure_optimizers()
        self._call("on_fit_start")
        self._call("on_train_start")
        for epoch in range(self.max_epochs):
            self._call("on_train_epoch_start")
            for batch_idx, batch in enumerate(train_dataloaders):
                batch = self._to_device(batch)
                self._call("on_train_batch_start", batch, batch_idx)
                outputs = {}

                def closure():  # the optimizer calls it: steps 1-4
                    outputs["loss"] = loss = model.training_step(batch, batch_idx)
                    self._call("on_before_zero_grad", optimizer)
                    model.optimizer_zero_grad(epoch, batch_idx, optimizer)
                    self._call("on_before_backward", loss)
                    model.backward(loss)
                    self._call("on_after_backward")
                    self._call("on_before_optimizer_step", optimizer)
                    model.configure_gradient_clipping(
                        optimizer, self.gradient_clip_val, self.gradient_clip_algorithm
                    )
                    return loss

                model.optimizer_step(epoch, batch_idx, optimizer, closure)  # step 5
                outputs = {"loss": outputs["loss"].detach()}
                self._call("on_train_batch_end", outputs, batch, batch_idx)
            if val_dataloaders is not None:
                self._validate(model, val_dataloaders)
            self._call("on_train_epoch_end")
        self._call("on_train_end")
        self._call("on_fit_end")
        self._call("teardown", "fit")

    def _validate(self, model, val_dataloaders):
        model.on_validation_model_zero_grad()
        with torch.inference_mode():
            model.on_validation_model_eval()
            self._call("on_validation_start")
            self._call("on_validation_epoch_start")
            for batch_idx, batch in enumerate(val_dataloaders):
                batch = self._to_device(batch)
                self._call("on_validation_batch_start", batch, batch_idx)
                outputs = model.validation_step(batch, batch_idx)
                self._call("on_validation_batch_end", outputs, batch, batch_idx)
            self._call("on_validation_epoch_end")
            for name, value in self.callback_metrics.items():
                if isinstance(value, Metric):  # logged metrics: computed at the end
                    self.callback_metrics[name] = value.compute()
                    value.reset()
            self._call("on_validation_end")
        model.train()

    def log(self, name, value, **options):
        """What the module's `self.log(...)` calls: keeps the value for the callbacks."""
        self.callback_metrics[name] = value.detach() if torch.is_tensor(value) else value

    def _to_device(self, batch):
        batch = self.model.on_before_batch_transfer(batch, 0)
        batch = self.model.transfer_batch_to_device(batch, self.device, 0)
        return self.model.on_after_batch_transfer(batch, 0)

    def _call(self, hook, *args):
        """Each callback's hook, then the module's, as in Lightning's trainer/call.py."""
        for callback in self.callbacks:
            getattr(callback, hook)(self, self.model, *args)
        return getattr(self.model, hook)(*args)


# The proof: every hook a LightningModule offers, wrapped so that a call writes its name down.
# deprecated
HOOKS = tuple(
    name
    for hooks in (ModelHooks, DataHooks, CheckpointHooks)
    for name in vars(hooks)
    if not name.startswith("_") and name != "configure_sharded_model"
)
HOOKS += (
    "forward",
    "training_step",
    "validation_step",
    "test_step",
    "predict_step",
    "configure_callbacks",
    "configure_optimizers",
    "backward",
    "optimizer_step",
    "optimizer_zero_grad",
    "configure_gradient_clipping",
    "lr_scheduler_step",
)


def record_hooks(model):
    """Wraps each hook of this one module; returns the list of their names, in the order called.

    `functools.wraps` keeps Lightning's `is_overridden` true only for the hooks the class
    overrides, so Lightning still skips those it calls only when overridden (`prepare_data`, ...).
    """
    calls = []
    for name in HOOKS:
        hook = getattr(model, name)

        @functools.wraps(hook)
        def recorded(*args, _name=name, _hook=hook, **kwargs):
            calls.append(_name)
            return _hook(*args, **kwargs)

        setattr(model, name, recorded)
    return calls


def record_callback_hooks(calls):
    """A callback whose every hook appends "callback.NAME" to `calls`."""

    def hook(name):
        return lambda self, *args, **kwargs: calls.append(f"callback.{name}")

    names = [
        name for name in vars(Callback) if name.startswith("on_") or name in ("setup", "teardown")
    ]
    return type("Recorder", (Callback,), {name: hook(name) for name in names})()


def fit_on_task(make_trainer, stage, config):
    """Runs `stage.LitRegressor` in `make_trainer(callbacks)` on the data `stage.train(config)` uses.

    Returns (losses, the trained module, validations, the hook calls: the module's and the callbacks').
    """
    L.seed_everything(config.seed, verbose=False)
    X, y, X_val, y_val = split_rows(config)
    train_loader = DataLoader(
        make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle
    )
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=config.batch_size)
    model = stage.LitRegressor(config.n_features, config.lr)
    calls, losses = record_hooks(model), stage.Losses()
    make_trainer([losses, record_callback_hooks(calls)]).fit(
        model, train_loader, val_loader if config.val_fraction else None
    )
    return losses.values, model, getattr(losses, "validations", None), calls
