"""Checks for exercise 4 (lesson 4, the dangers): a step that moves its batch to the device; a learning rate.

The device check runs on the `meta` device, which stands in for a GPU on any laptop: a tensor left on the CPU
fails there exactly as it would on a GPU.
"""
import math

import torch
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.five_steps import run_steps
from course.exercises.probe import reference_step, tiny_loader, tiny_model
from course.exercises.verdict import correct, fail
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset

EPOCHS, TARGET = 3, 0.05  # the learning rate must bring the last epoch's mean loss below TARGET in EPOCHS epochs


def check_device_step(train_step):
    """Exercise 4a: train_step(model, optimizer, batch, device) moves the batch to the model's device, then steps."""
    __tracebackhide__ = True
    meta = torch.device("meta")
    model = tiny_model().to(meta)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    try:
        train_step(model, optimizer, next(iter(tiny_loader())), meta)
    except RuntimeError as error:
        if "is not on the expected device" in str(error) or "same device" in str(error):
            fail(mistakes.DEVICE.format(error=error, device=meta))
        if "item() cannot be called on meta tensors" not in str(error):  # .item() is fine on a real device
            raise
    except AssertionError as error:
        if "CUDA" not in str(error):
            raise
        fail(f"train_step names the GPU itself (\"{error}\"). Fix: use .to(device) with the device you were given.")
    cpu = torch.device("cpu")
    run_steps(lambda model, optimizer, x, y: train_step(model, optimizer, (x, y), cpu), "train_step",
              fix="return loss.detach()")
    correct("train_step moves the batch to the model's device (it runs on the meta device as it would on a GPU), "
            "then does the five steps.")


def check_learning_rate(lr):
    """Exercise 4b: a learning rate that trains the course's task fast, without exploding."""
    __tracebackhide__ = True
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0:
        fail(f"lr is {lr!r}. Fix: a number above 0, e.g. lr = 0.01.")
    losses = _train(lr)
    broken = next((step for step, loss in enumerate(losses, 1) if not math.isfinite(loss)), None)
    if broken or losses[-1] > 10 * losses[0]:
        step = broken or len(losses)
        fail(mistakes.EXPLODES.format(lr=lr, first=losses[0], last=losses[step - 1], step=step, smaller=lr / 10))
    epoch_loss = sum(losses[-10:]) / 10  # the last epoch's 10 batches
    if epoch_loss > TARGET:
        fail(f"With lr={lr} the last epoch's mean loss is {epoch_loss:.4f}, above {TARGET}: the steps are too small "
             f"(or too large, bouncing around the minimum). Fix: try other values, e.g. {lr * 3:g} and {lr / 3:g}.")
    correct(f"with lr={lr} the loss falls to {epoch_loss:.4f} in {EPOCHS} epochs, without exploding.")


def _train(lr):
    """The course's task (100 rows, batches of 10, Regressor(10), SGD): the per-step losses of EPOCHS epochs."""
    config = TrainConfig(lr=lr, epochs=EPOCHS)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size)
    torch.manual_seed(config.seed)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    return [reference_step(model, optimizer, x, y) for _ in range(EPOCHS) for x, y in train_loader]
