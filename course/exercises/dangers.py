"""Checks for exercise 4 (lesson 4, the dangers): a step that moves its batch to the device; a learning rate; the
device trap inside a LightningModule (course/device_trap.py).

The device checks run on the `meta` device, which stands in for a GPU on any laptop: a tensor left on the CPU
fails there exactly as it would on a GPU (and a CPU tensor of 0 dimensions, which a GPU accepts, passes there too).
"""
import math
import numbers

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.five_steps import run_steps
from course.exercises.probe import N_FEATURES, close, reference_step, tiny_loader, tiny_model
from course.exercises.refactor import (DEVICE_TRAP, EPOCHS as LIGHTNING_EPOCHS, LR as LIGHTNING_LR,
                                       _training_step_once, check_devices, fit_both)
from course.exercises.verdict import check, correct, fail, first_line, names_the_gpu
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset

EPOCHS, TARGET = 3, 0.05  # the learning rate must bring the last epoch's mean loss below TARGET in EPOCHS epochs
NAMES_THE_GPU = "train_step names the GPU itself ({what}). Fix: use .to(device) with the device you were given."


@check
def check_device_step(train_step):
    """Exercise 4a: train_step(model, optimizer, batch, device) moves the batch to the model's device, then steps."""
    __tracebackhide__ = True
    meta = torch.device("meta")
    batch = next(iter(tiny_loader()))
    trap = _on_meta(train_step, batch)
    if trap:
        moved = _on_meta(train_step, [tensor.to(meta) for tensor in batch])  # as if the loader gave it on meta
        fail((mistakes.NEW_TENSOR_ON_CPU if moved else mistakes.DEVICE).format(error=trap, device=meta))
    cpu = torch.device("cpu")
    run_steps(lambda model, optimizer, x, y: train_step(model, optimizer, (x, y), cpu), "train_step",
              fix="return loss.detach()")
    correct("train_step moves the batch to the model's device (it runs on the meta device as it would on a GPU), "
            "then does the five steps.")


def _on_meta(train_step, batch):
    """Runs train_step once with a model on the meta device: the device trap's words, or None. What meta cannot do
    (no values: no .item(), no .cpu()) is no mistake; a hard-coded GPU is."""
    __tracebackhide__ = True
    meta = torch.device("meta")
    model = tiny_model().to(meta)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    try:
        train_step(model, optimizer, batch, meta)
    except (RuntimeError, AssertionError, NotImplementedError, TypeError, ValueError) as error:
        text = str(error).strip()
        if names_the_gpu(error):
            fail(NAMES_THE_GPU.format(what=f"\"{first_line(error)}\""))
        if DEVICE_TRAP.search(text):
            return DEVICE_TRAP.search(text).group(0)
    return None


@check
def check_learning_rate(lr):
    """Exercise 4b: a learning rate that trains the course's task fast, without exploding."""
    __tracebackhide__ = True
    if isinstance(lr, str):
        fail(f"lr is the string {lr!r}, not a number. Fix: write it without quotes, e.g. lr = 0.01.")
    if isinstance(lr, torch.Tensor) and lr.numel() == 1:
        lr = lr.item()
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        fail(f"lr is {lr!r}, a {type(lr).__name__}. Fix: one number above 0, e.g. lr = 0.01.")
    lr = float(lr)
    if not lr > 0 or not math.isfinite(lr):
        fail(f"lr is {lr:g}: the step must go downhill by a finite amount. Fix: a number above 0, e.g. lr = 0.01.")
    losses = _train(lr)
    broken = next((step for step, loss in enumerate(losses, 1) if not math.isfinite(loss)), None)
    if broken or losses[-1] > 10 * losses[0]:
        step = broken or len(losses)
        fail(mistakes.EXPLODES.format(lr=lr, first=losses[0], last=losses[step - 1], step=step,
                                      smaller=_working_rate(lr, down=True) or lr / 10))
    epoch_loss = _last_epoch(losses)
    if epoch_loss > TARGET:
        smaller, larger = _last_epoch(_train(lr / 3)), _last_epoch(_train(lr * 3))
        if smaller < min(epoch_loss, larger):
            why, direction = "too large: the loss bounces around the minimum instead of settling", "smaller"
        else:
            why, direction = "too small: the loss is still falling", "larger"
        fail(f"With lr={lr:g} the last epoch's mean loss is {epoch_loss:.4f}, above {TARGET}: the steps are {why}. "
             f"Fix: try a {direction} value, e.g. {_working_rate(lr, down=direction == 'smaller') or lr:g}.")
    correct(f"with lr={lr:g} the loss falls to {epoch_loss:.4f} in {EPOCHS} epochs, without exploding.")


def _working_rate(lr, down):
    """The first of lr/3, lr/9, ... (or lr*3, lr*9, ...) that trains without exploding and ends lower, or None."""
    for power in range(1, 25):
        candidate = lr / 3 ** power if down else lr * 3 ** power
        losses = _train(candidate)
        if all(math.isfinite(loss) for loss in losses) and _last_epoch(losses) <= TARGET:
            return float(f"{candidate:.2g}")
    return None


def _last_epoch(losses):
    return sum(losses[-10:]) / 10 if all(math.isfinite(loss) for loss in losses) else math.inf  # 10 batches


def _train(lr):
    """The course's task (100 rows, batches of 10, Regressor(10), SGD): the per-step losses of EPOCHS epochs."""
    config = TrainConfig(lr=lr, epochs=EPOCHS)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size)
    torch.manual_seed(config.seed)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    return [reference_step(model, optimizer, x, y) for _ in range(EPOCHS) for x, y in train_loader]


@check
def check_device_trap(LitRegressor):
    """Exercise 4c: a training_step that weighs each row's squared error by 1, as course/device_trap.py's Broken
    does, with its weights made where the batch is: it runs on the meta device (a GPU's stand-in) and trains as
    the plain mean squared error does."""
    __tracebackhide__ = True
    batch = x, y = next(iter(tiny_loader()))
    check_devices(LitRegressor, batch)
    torch.manual_seed(0)
    module = LitRegressor(N_FEATURES, LIGHTNING_LR)
    reference = tiny_model()
    reference.load_state_dict(module.model.state_dict())
    loss = _training_step_once(module, batch)
    with torch.no_grad():
        expected = F.mse_loss(reference(x), y).item()
    if not close(loss.item(), expected):
        fail(f"training_step returns {loss.item():.4f}, but with every row's weight 1 the loss is the mean squared "
             f"error, {expected:.4f}. Fix: weights of ones, shape (len(y), 1), times (self.model(x) - y) ** 2, "
             "then .mean().")
    fit_both(module, reference)
    if not all(torch.allclose(p, q, rtol=1e-5, atol=1e-6) for p, q in zip(module.model.parameters(),
                                                                          reference.parameters())):
        fail(f"After {LIGHTNING_EPOCHS} epochs in the Trainer the weights differ from the plain mean squared "
             "error's. Fix: every weight 1, and return the weighted mean (the loss tensor itself).")
    correct("training_step makes its weights where the batch is: it runs with the module and the batch on the meta "
            "device, as on a GPU, and trains exactly as the plain mean squared error does.")
