"""Checks for exercise 3 (lesson 3, the refactor): a LightningModule's training_step, configure_optimizers and
validation_step, called directly and run by a Trainer for several epochs, against the five steps by hand.
Exercise 3c, the minimal pair's Trainer call, is checked in minimal_pair.py."""
import contextlib
import copy
import numbers
import re
import warnings

import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.probe import (N_FEATURES, broadcast_loss, broadcasting_is_a_mistake, close, reference_step,
                                    same_weights, summed, tiny_loader, watch_forward)
from course.exercises.verdict import check, correct, fail, first_line, names_the_gpu

LR, EPOCHS = 0.1, 3
OTHER_LR = 0.037  # a second module's lr: an lr written into configure_optimizers by hand does not follow it
# what torch raises when one operation mixes tensors on two devices (the meta device's words, then CUDA's)
DEVICE_TRAP = re.compile(r"Tensor on device \S+ is not on the expected device \S+!|"
                         r"Expected all tensors to be on the same device")
NEW_TENSOR_ON_CPU = (
    "training_step makes a tensor on the CPU: it runs here, but where the Trainer puts the module and the batch on "
    "a GPU, PyTorch stops with \"{error}\" (the meta device stood in for the GPU). Fix: make a new tensor where "
    "the batch is: torch.ones(len(y), 1, device=self.device), torch.ones(len(y), 1).type_as(y), or a buffer "
    "registered in __init__ (self.register_buffer(...)), which moves with the module.")
PLAIN_ATTRIBUTE = (
    "self.{name} is a tensor kept as a plain attribute: module.to(device), which the Trainer calls, moves "
    "parameters and buffers only, so self.{name} stays on the CPU while the batch is on the GPU (\"{error}\"; the "
    "meta device stood in for the GPU). Fix: self.register_buffer(\"{name}\", torch.ones(1, 1)) in __init__.")
NAMES_THE_GPU = ("training_step names the GPU itself ({what}): on a laptop there is none, and under a Trainer that "
                 "chose another device the tensors no longer meet. Fix: make new tensors where the batch is, "
                 "device=self.device or .type_as(y).")
TRAINER_CALLS_BACKWARD = (
    "training_step calls loss.backward() itself, but the Trainer calls it after training_step returns (with zero "
    "grad before and the step after), so backward would run twice on the same graph. Fix: return the loss and "
    "leave zero grad, backward and step to the Trainer.")
TRAINER_STEPS = (
    "training_step uses the optimizer itself (self.optimizers(), zero_grad, step): the Trainer already zeroes the "
    "gradients, calls backward and steps after training_step returns. Fix: return the loss and leave those steps "
    "to the Trainer.")
SCHEDULER = (
    "configure_optimizers returns a learning-rate scheduler ({name}) that changes the learning rate from {lr} to "
    "{new:.3g} after {when}: training then no longer does what the vanilla loop does. Fix: return "
    "torch.optim.SGD(self.parameters(), lr=self.hparams.lr) alone.")


@check
def check_lit_module(LitRegressor):
    """Exercise 3a: training_step returns the loss tensor; configure_optimizers returns SGD with the module's lr;
    a Trainer then trains as the five steps do, over several epochs; a tensor training_step makes is made where
    the batch is."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressor(N_FEATURES, LR)
    reference = copy.deepcopy(module)
    batch = x, y = next(iter(tiny_loader()))
    loss = _training_step_once(module, batch)
    with torch.no_grad():
        expected, broadcast = F.mse_loss(reference(x), y).item(), broadcast_loss(reference, x, y)
    if close(loss.item(), broadcast):
        fail(mistakes.BROADCAST.format(target=(len(y),), output=tuple(y.shape)))
    summed(loss.item(), expected, len(y), "training_step")
    if not close(loss.item(), expected):
        fail(f"training_step returns {loss.item():.4f}, but the mean squared error of the batch is {expected:.4f}. "
             "Fix: x, y = batch, then loss = F.mse_loss(self(x), y).")
    _check_optimizer(module.configure_optimizers(), module)
    _check_optimizer(LitRegressor(N_FEATURES, OTHER_LR).configure_optimizers(), None, lr=OTHER_LR)
    _check_schedulers(LitRegressor(N_FEATURES, LR).configure_optimizers())
    fit_both(module, reference)
    if not same_weights(module, reference):
        fail(f"After {EPOCHS} epochs in the Trainer the weights differ from the five steps by hand with SGD(lr=lr). "
             "Fix: return F.mse_loss(self(x), y) from every training_step, and "
             "torch.optim.SGD(self.parameters(), lr=self.hparams.lr) from configure_optimizers.")
    check_devices(LitRegressor, batch)
    correct(f"training_step returns the loss with its graph and configure_optimizers the SGD optimizer: "
            f"after {EPOCHS} epochs in a Trainer, the same weights as the five steps by hand; and training_step "
            "runs with the module and the batch on another device (meta, standing in for a GPU).")


@check
def check_validation_step(LitRegressorWithValidation):
    """Exercise 3b: validation_step logs the loss as val_loss, and leaves eval mode and no_grad to the Trainer.
    Two validations with other weights in between: a validation must not carry anything over to the next."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressorWithValidation(N_FEATURES, LR)
    val_loader = tiny_loader(data_seed=1)
    for validation in (1, 2):
        if validation == 2:
            with torch.no_grad():  # as a training epoch between two validations would
                for parameter in module.parameters():
                    parameter.add_(0.5)
        reference = copy.deepcopy(module).eval()
        trainer = _trainer()
        with watch_forward(module) as calls, _logs_recorded(module) as logged, _lightning_warnings_ignored(), \
                broadcasting_is_a_mistake():
            trainer.validate(module, val_loader, verbose=False)
        if not calls:
            fail("validation_step never calls the model. Fix: x, y = batch, then the loss of self(x) against y.")
        if any(training for training, _ in calls):
            fail(mistakes.LIGHTNING_VALIDATION_MODE.format(what="training mode", culprit="self.train()"))
        if any(grad_enabled for _, grad_enabled in calls):
            fail(mistakes.LIGHTNING_VALIDATION_MODE.format(what="gradients", culprit="torch.enable_grad()"))
        if any(name == "val_loss" and options.get("on_epoch") is False for name, options in logged):
            fail("validation_step logs val_loss with on_epoch=False: Lightning then keeps each batch's loss alone "
                 "(the last batch's loss is all a callback could see), never their mean over the validation set. "
                 "Fix: self.log(\"val_loss\", F.mse_loss(self(x), y)) with the defaults, which average over the "
                 "epoch.")
        if "val_loss" not in trainer.callback_metrics:
            logged = sorted({name for name, _ in logged})
            fail(f"validation_step logs no \"val_loss\" (it logs {logged or 'nothing'}), so neither you nor a callback "
                 "(early stopping, checkpoints) can find it. Fix: self.log(\"val_loss\", loss).")
        value = trainer.callback_metrics["val_loss"].item()
        with torch.no_grad():
            batch_losses = [F.mse_loss(reference(x), y).item() for x, y in val_loader]
        expected = sum(batch_losses) / len(batch_losses)
        if not same_weights(module, reference):
            fail("validation_step changes the weights: validation only measures. Fix: no optimizer step in it.")
        if close(value, expected):
            continue
        summed(value, expected, len(val_loader.dataset) // len(val_loader), "validation_step's val_loss")
        fix = ("Fix: self.log(\"val_loss\", F.mse_loss(self(x), y)) in every validation_step, with the defaults: "
               "Lightning averages it over the epoch.")
        if close(value, batch_losses[-1]) and not close(value, expected):
            fail(f"val_loss is {value:.4f}, the last batch's loss, not the mean over the validation set, "
                 f"{expected:.4f}: it is logged with on_epoch=False (or overwritten). {fix}")
        if close(value, sum(batch_losses)):
            fail(f"val_loss is {value:.4f}, the sum of the batches' losses, not their mean {expected:.4f} "
                 f"(reduce_fx=\"sum\"?). {fix}")
        if validation == 2:
            fail(f"The second validation's val_loss is {value:.4f}, but the mean loss over the validation set is "
                 f"{expected:.4f}: validation_step carries something over from the first validation (a list "
                 "of losses kept in self?). " + fix)
        fail(f"val_loss is {value:.4f}, but the mean loss over the validation set is {expected:.4f}. {fix}")
    correct("validation_step logs the batch's loss as val_loss, anew at every validation; the Trainer ran it in "
            "eval mode without gradients.")


def check_devices(LitRegressor, batch):
    """Mistake 3 inside a LightningModule: a tensor that training_step makes on the CPU. The module and the batch go
    to the meta device, which stands in for a GPU, and training_step runs once. Only the device trap is a mistake
    here: what meta cannot do (no values, so no .item(), no .cpu()) is not."""
    __tracebackhide__ = True
    module = LitRegressor(N_FEATURES, LR).to("meta")
    try:
        with _lightning_warnings_ignored():
            module.training_step([tensor.to("meta") for tensor in batch], 0)
    except (RuntimeError, AssertionError, NotImplementedError, TypeError, ValueError) as error:
        text = str(error)
        if names_the_gpu(error):
            fail(NAMES_THE_GPU.format(what=f"\"{first_line(error)}\""))
        if DEVICE_TRAP.search(text):
            trap = DEVICE_TRAP.search(text).group(0)
            left = [name for name, value in vars(module).items()
                    if isinstance(value, torch.Tensor) and value.device.type == "cpu"]
            if left:
                fail(PLAIN_ATTRIBUTE.format(name=left[0], error=trap))
            fail(NEW_TENSOR_ON_CPU.format(error=trap))


def _training_step_once(module, batch):
    """Calls training_step as the Trainer would, outside a Trainer; names the steps it must leave to the Trainer."""
    __tracebackhide__ = True
    try:
        with _lightning_warnings_ignored(), broadcasting_is_a_mistake():
            returned = module.training_step(batch, 0)
    except (RuntimeError, AssertionError) as error:
        text = str(error).strip()
        if "is not attached to a `Trainer`" in text:
            fail(TRAINER_STEPS)
        if "backward through the graph a second time" in text:
            fail(TRAINER_CALLS_BACKWARD)
        if names_the_gpu(error):
            fail(NAMES_THE_GPU.format(what=f"\"{first_line(error)}\""))
        raise
    if any(parameter.grad is not None for parameter in module.parameters()):
        fail(TRAINER_CALLS_BACKWARD)
    return _loss_of(returned)


def _loss_of(returned):
    """The loss a training_step returns, or the named mistake 4: nothing, a float, a detached tensor."""
    __tracebackhide__ = True
    if isinstance(returned, dict):
        if "loss" not in returned:
            fail("training_step returns a dict without a \"loss\" key. Fix: return loss (or {\"loss\": loss}).")
        returned = returned["loss"]
    if returned is None:
        fail(mistakes.RETURNS_NONE)
    if isinstance(returned, numbers.Number):
        fail(mistakes.RETURNS_FLOAT)
    if not isinstance(returned, torch.Tensor):
        fail(f"training_step returns a {type(returned).__name__}. Fix: return loss, the tensor.")
    if returned.grad_fn is None:
        fail(mistakes.RETURNS_DETACHED)
    if returned.numel() != 1:
        fail(f"training_step returns a tensor of shape {tuple(returned.shape)}, not one number. "
             "Fix: return the mean loss of the batch, F.mse_loss(self(x), y).")
    return returned.detach()


def _check_optimizer(returned, module, lr=LR):
    __tracebackhide__ = True
    optimizer = _first_optimizer(returned)
    fix = "Fix: return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)."
    if optimizer is None:
        fail(f"configure_optimizers returns {returned!r:.60}, not an optimizer. {fix}")
    if type(optimizer) is not torch.optim.SGD:
        fail(f"configure_optimizers returns {type(optimizer).__name__}, not SGD: it steps differently from the "
             f"vanilla loop's torch.optim.SGD. {fix}")
    extras = {key: value for key, value in optimizer.defaults.items()
              if key in ("momentum", "dampening", "weight_decay", "nesterov", "maximize") and value}
    if extras:
        fail(f"configure_optimizers' SGD has {', '.join(f'{k}={v}' for k, v in extras.items())}: plain SGD, as in "
             f"the vanilla loop, has none. {fix}")
    if module is not None:
        held = {id(p) for group in optimizer.param_groups for p in group["params"]}
        if not {id(p) for p in module.parameters()} <= held:
            fail("configure_optimizers' optimizer does not hold the module's own parameters (another model's, or "
                 f"only some of them), so the Trainer's steps never change these weights. {fix}")
    rates = {group["lr"] for group in optimizer.param_groups}
    if rates != {lr}:
        fail(f"configure_optimizers' optimizer has lr={sorted(rates)[0]}, but the module was made with lr={lr}: "
             f"the lr must come from the module's hyperparameters, not be written by hand. {fix}")


def _check_schedulers(returned, steps=1000):
    """A scheduler that ever changes the learning rate is a mistake here: each one configure_optimizers returns
    is stepped up to `steps` times, before any training."""
    __tracebackhide__ = True
    for scheduler, interval in _schedulers(returned):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stepping a scheduler before its optimizer: on purpose here
            for count in range(1, steps + 1):
                if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
                    scheduler.step(1.0)
                else:
                    scheduler.step()
                rates = [group["lr"] for group in scheduler.optimizer.param_groups]
                if any(not close(rate, LR) for rate in rates):
                    when = f"{count} {interval}{'s' if count > 1 else ''}"
                    fail(SCHEDULER.format(name=type(scheduler).__name__, lr=LR, new=rates[0], when=when))


def _schedulers(returned, interval="epoch"):
    """(scheduler, "epoch" or "step") for each scheduler in what configure_optimizers returns, in any of the forms
    Lightning accepts."""
    if isinstance(returned, (torch.optim.lr_scheduler.LRScheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)):
        return [(returned, interval)]
    if isinstance(returned, dict):
        interval = returned.get("interval", interval)
        return [found for value in returned.values() for found in _schedulers(value, interval)]
    if isinstance(returned, (list, tuple)):
        return [found for value in returned for found in _schedulers(value, interval)]
    return []


def _first_optimizer(returned):
    """Lightning accepts an optimizer, a list or tuple of them, (optimizers, schedulers), or a dict."""
    if isinstance(returned, torch.optim.Optimizer):
        return returned
    if isinstance(returned, dict):
        return _first_optimizer(returned.get("optimizer"))
    if isinstance(returned, (list, tuple)) and returned:
        return _first_optimizer(returned[0])
    return None


@contextlib.contextmanager
def _logs_recorded(module):
    """(name, options) of every self.log(...) the module makes (log_dict goes through self.log too)."""
    calls, log = [], module.log

    def recorded(name, value, *args, **kwargs):
        calls.append((name, kwargs))
        return log(name, value, *args, **kwargs)

    module.log = recorded
    try:
        yield calls
    finally:
        del module.log


def fit_both(module, reference):
    """Trains the student's module in a Trainer and the reference model by the five steps by hand: EPOCHS epochs
    of tiny_loader() with SGD(lr=LR)."""
    with _lightning_warnings_ignored():
        _trainer(max_epochs=EPOCHS).fit(module, tiny_loader())
    optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    for epoch in range(EPOCHS):
        for x, y in tiny_loader():
            reference_step(reference, optimizer, x, y)


def _trainer(**kwargs):
    import lightning as L

    from course import quiet

    quiet()
    return L.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                     enable_progress_bar=False, enable_model_summary=False, **kwargs)


@contextlib.contextmanager
def _lightning_warnings_ignored():
    """Warnings about how the check calls Lightning, or about the student's choice of Trainer defaults, not about
    the student's code; each matched exactly."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"You are trying to `self\.log\(\)` but the `self\.trainer`")
        warnings.filterwarnings("ignore", message=r"The '\w+' does not have many workers")
        warnings.filterwarnings("ignore", message=r"`isinstance\(treespec, LeafSpec\)` is deprecated",
                                category=FutureWarning)  # lightning 2.6.6 on torch 2.13, as in pyproject.toml
        warnings.filterwarnings("ignore", message=r"The number of training batches \(\d+\) is smaller than the "
                                                  r"logging interval")
        warnings.filterwarnings("ignore", message=r"Starting from v1\.9\.0, `tensorboardX` has been removed")
        yield
