"""Checks for exercise 3c (lesson 3, the minimal pair): train(config), the Lightning twin of vanilla/minimal.py's
train, held to bitwise equality with it (torch.equal on every loss and weight), on two configs so that nothing
written by hand (a batch size, shuffle=True, a number of epochs) can match both by chance.

While the student's train runs, Trainer.fit is watched: a fit that would run longer than the config asks, or on a
DataLoader unlike vanilla's, stops at once with the difference named. The student's Trainer runs in a temporary
folder (a default logger writes lightning_logs/ where it runs) and what it prints (a progress bar) is hidden.
"""
import contextlib
import io
import os
import tempfile
from functools import cache

import torch

from course.exercises.refactor import _lightning_warnings_ignored
from course.exercises.verdict import check, correct, fail
from task.config import TrainConfig

MINIMAL = [TrainConfig(n_samples=24, n_features=3, batch_size=4, epochs=3, shuffle=True, lr=0.05, seed=7),
           TrainConfig(n_samples=20, n_features=2, batch_size=5, epochs=2, shuffle=False, lr=0.1, seed=3)]


@check
def check_minimal_train(train):
    """Exercise 3c: train(config), the Lightning twin of vanilla/minimal.py's train: the same (losses, model),
    bitwise, on two configs (shuffled and in order, other sizes and seeds), over several epochs."""
    __tracebackhide__ = True
    for config in MINIMAL:
        _minimal_train_once(train, config)
    correct(f"train gives exactly (torch.equal) the vanilla loop's losses and final weights on {len(MINIMAL)} "
            "configs, shuffled and in order, over several epochs: the Trainer replaced the loop and changed no "
            "number.")


def _minimal_train_once(train, config):
    __tracebackhide__ = True
    want_losses, want_weights = _vanilla_minimal(config)
    seen = {}
    with _fit_watched(config, seen), _lightning_warnings_ignored(), _in_a_temporary_folder(), _quiet_output():
        returned = train(config)
    if "trainer" not in seen:
        fail("train never calls trainer.fit(...). Fix: trainer = L.Trainer(max_epochs=config.epochs, ...), "
             "then trainer.fit(model, train_loader).")
    if not isinstance(returned, tuple) or len(returned) != 2:
        fail(f"train returns {type(returned).__name__} {returned!r:.60}, not (losses, model) as vanilla's does. "
             "Fix: return losses.values, model.model.")
    losses, model = returned
    if not isinstance(model, torch.nn.Module):
        fail(f"train returns {type(model).__name__} as its model. Fix: return losses.values, model.model.")
    try:
        losses = [loss.detach() if isinstance(loss, torch.Tensor) else torch.tensor(float(loss)) for loss in losses]
    except (TypeError, ValueError):
        fail(f"train's losses are {losses!r:.60}, not one loss per step. Fix: a Losses() callback in the Trainer's "
             "callbacks, and return losses.values.")
    steps = len(want_losses)
    if len(losses) != steps:
        fail(f"train returns {len(losses)} losses, but {config.epochs} epochs of {steps // config.epochs} batches "
             f"are {steps} steps. Fix: L.Trainer(max_epochs=config.epochs, callbacks=[losses], ...) and no limit "
             "on the batches.")
    if not torch.equal(seen["initial"], want_weights["initial"]):
        fail("The model starts from other weights than the vanilla loop's: seed before making the model, as "
             "vanilla does, and draw nothing in between. Fix: L.seed_everything(config.seed) (or "
             "torch.manual_seed(config.seed)) first, then the data, the DataLoader and "
             "LitRegressor(config.n_features, config.lr).")
    differ = next((step for step, (a, b) in enumerate(zip(losses, want_losses)) if not torch.equal(
        a.to(b.dtype).cpu(), b.cpu())), None)
    if differ is not None:
        fail(f"The losses differ from the vanilla loop's from step {differ} on ({losses[differ].item():.6f} "
             f"instead of {want_losses[differ].item():.6f}): the batches come in another order, or the seed "
             "is set somewhere else than at the start. Fix: seed first, and give the DataLoader "
             "shuffle=config.shuffle, as vanilla/minimal.py does.")
    weights = [p.detach().cpu() for p in model.parameters()]
    if len(weights) != len(want_weights["final"]) or not all(
            torch.equal(a, b) for a, b in zip(weights, want_weights["final"])):
        fail("train returns a model whose weights differ from the vanilla loop's trained model. "
             "Fix: return losses.values, model.model: the Regressor the Trainer trained.")


@cache
def _vanilla_minimal_cached(config):
    import vanilla.minimal

    with _quiet_output():
        losses, model = vanilla.minimal.train(config)
    torch.manual_seed(config.seed)
    from task.model import Regressor

    initial = torch.cat([p.detach().flatten() for p in Regressor(config.n_features).parameters()])
    return [loss.detach().cpu() for loss in losses], [p.detach().cpu() for p in model.parameters()], initial


def _vanilla_minimal(config):
    losses, final, initial = _vanilla_minimal_cached(config)
    return [loss.clone() for loss in losses], {"final": [p.clone() for p in final], "initial": initial.clone()}


@contextlib.contextmanager
def _fit_watched(config, seen):
    """While the student's train runs: records the Trainer and the model's weights when fit starts, and stops a
    fit that would run longer than config.epochs or on a loader unlike vanilla's, naming what differs."""
    from lightning.pytorch import Trainer

    fit = Trainer.fit

    def watched_fit(trainer, model, train_dataloaders=None, *args, **kwargs):
        __tracebackhide__ = True
        seen["trainer"] = trainer
        seen["initial"] = torch.cat([p.detach().flatten().cpu() for p in model.parameters()])
        epochs = trainer.max_epochs
        if trainer.max_steps in (-1, None) and (epochs is None or epochs < 0 or epochs > config.epochs):
            runs = {None: "1000 epochs (max_epochs defaults to 1000)", -1: "forever (max_epochs=-1)"}.get(
                epochs, f"{epochs} epochs")
            fail(f"The Trainer would run {runs}, but config.epochs is {config.epochs}. "
                 "Fix: L.Trainer(max_epochs=config.epochs, ...).")
        _check_loader(train_dataloaders, config)
        hparams = dict(getattr(model, "hparams", {}))
        if hparams.get("lr", config.lr) != config.lr or hparams.get("n_features", config.n_features) != \
                config.n_features:
            fail(f"The LitRegressor is made with {hparams}, but the config says n_features={config.n_features}, "
                 f"lr={config.lr}. Fix: LitRegressor(config.n_features, config.lr).")
        return fit(trainer, model, train_dataloaders, *args, **kwargs)

    Trainer.fit = watched_fit
    try:
        yield
    finally:
        Trainer.fit = fit


def _check_loader(loader, config):
    __tracebackhide__ = True
    from torch.utils.data import DataLoader, RandomSampler

    if not isinstance(loader, DataLoader):
        return
    if loader.batch_size != config.batch_size:
        fail(f"The DataLoader has batch_size={loader.batch_size}, but config.batch_size is {config.batch_size}. "
             "Fix: DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle).")
    if isinstance(loader.sampler, RandomSampler) != config.shuffle:
        fail(f"The DataLoader {'shuffles' if not config.shuffle else 'does not shuffle'}, but config.shuffle is "
             f"{config.shuffle}. Fix: DataLoader(make_dataset(X, y), batch_size=config.batch_size, "
             "shuffle=config.shuffle).")


@contextlib.contextmanager
def _in_a_temporary_folder():
    """A Trainer with its default logger writes lightning_logs/ where it runs: here, never beside the notebook."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # contextlib.chdir would do, from Python 3.11 on
        try:
            yield
        finally:
            os.chdir(before)


@contextlib.contextmanager
def _quiet_output():
    """The vanilla loop prints every second batch; a default Trainer draws a progress bar with timings."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield
