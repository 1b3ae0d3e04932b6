"""Checks for exercise 3 (lesson 3, the refactor): a LightningModule's training_step, configure_optimizers and
validation_step, called directly and run by a Trainer, against the five steps by hand."""
import contextlib
import copy
import numbers
import re
import warnings

import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.probe import (N_FEATURES, broadcast_loss, broadcasting_is_a_mistake, close, reference_step,
                                    same_weights, tiny_loader, watch_forward)
from course.exercises.verdict import correct, fail

LR = 0.1
# what torch raises when one operation mixes tensors on two devices (the meta device's words, then CUDA's)
DEVICE_TRAP = re.compile(r"Tensor on device \w+ is not on the expected device \w+!|"
                         r"Expected all tensors to be on the same device")
NEW_TENSOR_ON_CPU = (
    "training_step makes a tensor on the CPU: it runs here, but where the Trainer puts the module and the batch on "
    "a GPU, PyTorch stops with \"{error}\" (the meta device stood in for the GPU). Fix: make a new tensor where "
    "the batch is: torch.ones(len(y), 1, device=self.device), torch.ones(len(y), 1).type_as(y), or a buffer "
    "registered in __init__ (self.register_buffer(...)), which moves with the module.")


def check_lit_module(LitRegressor):
    """Exercise 3a: training_step returns the loss tensor; configure_optimizers returns SGD with the module's lr;
    a tensor training_step makes is made where the batch is."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressor(N_FEATURES, LR)
    reference = copy.deepcopy(module)
    batch = x, y = next(iter(tiny_loader()))
    with _lightning_warnings_ignored(), broadcasting_is_a_mistake():
        loss = _loss_of(module.training_step(batch, 0))
    with torch.no_grad():
        expected, broadcast = F.mse_loss(reference(x), y).item(), broadcast_loss(reference, x, y)
    if close(loss.item(), broadcast):
        fail(mistakes.BROADCAST.format(target=(len(y),), output=tuple(y.shape)))
    if not close(loss.item(), expected):
        fail(f"training_step returns {loss.item():.4f}, but the mean squared error of the batch is {expected:.4f}. "
             "Fix: x, y = batch, then loss = F.mse_loss(self(x), y).")
    _check_optimizer(module.configure_optimizers(), module)
    with _lightning_warnings_ignored():
        _trainer(max_epochs=1).fit(module, tiny_loader())
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    for x, y in tiny_loader():
        reference_step(reference, reference_optimizer, x, y)
    if not same_weights(module, reference):
        fail("After one epoch in the Trainer the weights differ from the five steps by hand with SGD(lr=lr). "
             "Fix: return F.mse_loss(self(x), y), and torch.optim.SGD(self.parameters(), lr=self.hparams.lr).")
    _check_devices(LitRegressor, batch)
    correct("training_step returns the loss with its graph and configure_optimizers the SGD optimizer: "
            "after one epoch in a Trainer, the same weights as the five steps by hand; and training_step runs "
            "with the module and the batch on another device (meta, standing in for a GPU).")


def check_validation_step(LitRegressorWithValidation):
    """Exercise 3b: validation_step logs the loss as val_loss, and leaves eval mode and no_grad to the Trainer."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressorWithValidation(N_FEATURES, LR)
    reference = copy.deepcopy(module).eval()
    val_loader = tiny_loader(data_seed=1)
    trainer = _trainer()
    with watch_forward(module) as calls, _lightning_warnings_ignored(), broadcasting_is_a_mistake():
        trainer.validate(module, val_loader, verbose=False)
    if not calls:
        fail("validation_step never calls the model. Fix: x, y = batch, then the loss of self(x) against y.")
    if any(training for training, _ in calls):
        fail(mistakes.LIGHTNING_VALIDATION_MODE.format(what="training mode", culprit="self.train()"))
    if any(grad_enabled for _, grad_enabled in calls):
        fail(mistakes.LIGHTNING_VALIDATION_MODE.format(what="gradients", culprit="torch.enable_grad()"))
    if "val_loss" not in trainer.callback_metrics:
        fail("validation_step logs no \"val_loss\", so neither you nor a callback (early stopping, checkpoints) "
             "can see it. Fix: self.log(\"val_loss\", loss).")
    value = trainer.callback_metrics["val_loss"].item()
    with torch.no_grad():
        expected = torch.stack([F.mse_loss(reference(x), y) for x, y in val_loader]).mean().item()
    if not close(value, expected):
        fail(f"val_loss is {value:.4f}, but the mean loss over the validation set is {expected:.4f}. "
             "Fix: log F.mse_loss(self(x), y) for every batch: Lightning averages it over the epoch.")
    if not same_weights(module, reference):
        fail("validation_step changes the weights: validation only measures. Fix: no optimizer step in it.")
    correct("validation_step logs the batch's loss as val_loss; the Trainer ran it in eval mode without gradients.")


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


def _check_devices(LitRegressor, batch):
    """Mistake 3 inside a LightningModule: a tensor that training_step makes on the CPU. The module and the batch go
    to the meta device, which stands in for a GPU, and training_step runs once. Only the device trap is a mistake
    here: what meta cannot do (no values, so no .item()) is not."""
    __tracebackhide__ = True
    module = LitRegressor(N_FEATURES, LR).to("meta")
    try:
        with _lightning_warnings_ignored():
            module.training_step([tensor.to("meta") for tensor in batch], 0)
    except RuntimeError as error:
        if DEVICE_TRAP.search(str(error)):
            fail(NEW_TENSOR_ON_CPU.format(error=error))


def _check_optimizer(returned, module):
    __tracebackhide__ = True
    optimizer = _first_optimizer(returned)
    fix = "Fix: return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)."
    if optimizer is None:
        fail(f"configure_optimizers returns {returned!r:.60}, not an optimizer. {fix}")
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not {id(p) for p in module.parameters()} <= held:
        fail(f"configure_optimizers' optimizer does not hold all of the module's parameters. {fix}")
    rates = {group["lr"] for group in optimizer.param_groups}
    if rates != {LR}:
        fail(f"configure_optimizers' optimizer has lr={rates.pop()}, but the module's lr is {LR}. {fix}")


def _first_optimizer(returned):
    """Lightning accepts an optimizer, a list or tuple of them, (optimizers, schedulers), or a dict."""
    if isinstance(returned, torch.optim.Optimizer):
        return returned
    if isinstance(returned, dict):
        return _first_optimizer(returned.get("optimizer"))
    if isinstance(returned, (list, tuple)) and returned:
        return _first_optimizer(returned[0])
    return None


def _trainer(**kwargs):
    import lightning as L

    from course import quiet

    quiet()
    return L.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                     enable_progress_bar=False, enable_model_summary=False, **kwargs)


@contextlib.contextmanager
def _lightning_warnings_ignored():
    """Warnings about how the check calls Lightning, not about the student's code; each matched exactly."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"You are trying to `self\.log\(\)` but the `self\.trainer`")
        warnings.filterwarnings("ignore", message=r"The '\w+' does not have many workers")
        warnings.filterwarnings("ignore", message=r"`isinstance\(treespec, LeafSpec\)` is deprecated",
                                category=FutureWarning)  # lightning 2.6.6 on torch 2.13, as in pyproject.toml
        yield
