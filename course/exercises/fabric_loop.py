"""Checks for exercise 8 (lesson 8, Fabric): the seed's loop converted with Lightning Fabric, in bf16-mixed on the
CPU, held to the vanilla loop with autocast (lesson 4) bitwise, as lesson 8 proves the two equal.

On a CPU several Fabric lines can be missing with no visible effect (the batches are already where the model is;
bfloat16 on a CPU needs no loss scaling), so the check also watches what Fabric was asked to do: the precision it
was made with, the model, optimizer and loader it wrapped, and whether autocast was switched on by hand.
"""
import contextlib
import inspect
import logging
import warnings
from functools import cache

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises.probe import StepWatch, tiny_loader, tiny_model
from course.exercises.refactor import _lightning_warnings_ignored
from course.exercises.verdict import check, correct, fail

LR, EPOCHS = 0.1, 3
FABRIC = 'fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")'
SETUP = "model, optimizer = fabric.setup(model, optimizer)"
LOADER = "train_loader = fabric.setup_dataloaders(train_loader)"


@check
def check_fabric_train(train):
    """Exercise 8: train(model, optimizer, train_loader, epochs) trains the given model with Fabric in bf16-mixed on
    the CPU and returns the per-step losses: bitwise the vanilla loop's under torch.autocast(bfloat16)."""
    __tracebackhide__ = True
    want_losses, want_weights = _reference()
    model, optimizer, train_loader = _given()
    seen = {"fabrics": [], "modules": [], "optimizers": [], "loaders": 0, "autocast": []}
    watch = StepWatch(model, optimizer)
    handle = model.register_forward_hook(
        lambda module, args, output: seen["autocast"].append(torch.is_autocast_enabled("cpu")))
    try:
        with _fabric_watched(seen), _lightning_warnings_ignored(), _quiet_logs(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*AMP with fp16 is not supported on CPU")
            returned = train(model, optimizer, train_loader, EPOCHS)
    except RuntimeError as error:
        if "requires you to call `fabric.backward(loss)`" in str(error):
            fail("loss.backward() is refused: with bf16-mixed (and with 16-mixed, or a strategy such as DDP or "
                 "FSDP) Fabric must run the backward pass itself, to scale the loss or to synchronise the "
                 "gradients, and it stops a loop that calls loss.backward(). Fix: fabric.backward(loss).")
        raise
    finally:
        handle.remove()
        watch.remove()
    _check_fabric(seen)
    _check_wrapped(seen, model, optimizer)
    mistake = watch.mistake()
    if mistake:
        fail(mistake.replace("loss.backward()", "fabric.backward(loss)"))
    losses = _losses(returned)
    if len(losses) != len(want_losses):
        fail(f"train returns {len(losses)} losses, but {EPOCHS} epochs of {len(want_losses) // EPOCHS} batches are "
             f"{len(want_losses)} steps. Fix: losses.append(loss.detach()) once a batch, for `epochs` epochs, and "
             "return losses.")
    if not all(torch.equal(a, b) for a, b in zip(losses, want_losses)) or \
            not all(torch.equal(p.detach(), q) for p, q in zip(model.parameters(), want_weights)):
        fail("The losses or the weights differ from the vanilla loop's under torch.autocast(\"cpu\", "
             "torch.bfloat16): the loop itself changed. Fix: keep the seed's five steps as they are (forward, "
             "F.mse_loss, optimizer.zero_grad(), fabric.backward(loss), optimizer.step()) and iterate the set-up "
             "loader once an epoch.")
    correct(f"train sets up the model, the optimizer and the loader with a Fabric in bf16-mixed and calls "
            f"fabric.backward: its {len(losses)} losses and its weights are bitwise those of the vanilla loop "
            "under torch.autocast(bfloat16).")


def _check_fabric(seen):
    __tracebackhide__ = True
    if not seen["fabrics"]:
        fail(f"train makes no Fabric. Fix: {FABRIC}, then {SETUP} and {LOADER}.")
    fabric, arguments = seen["fabrics"][-1]
    asked = str(arguments.get("precision", "32-true"))
    if asked == "16-mixed":
        fail("Fabric was made with precision \"16-mixed\": on a CPU Fabric replaces it by bf16-mixed (with a "
             "warning), but on a GPU it runs float16 with a GradScaler, another run. Fix: "
             "precision=\"bf16-mixed\", as the exercise asks.")
    precision = getattr(fabric._precision, "precision", asked)  # what Fabric made of the argument
    if precision != "bf16-mixed":
        if any(seen["autocast"]) and precision == "32-true":
            fail(f"The forward runs under an autocast written by hand, while Fabric was made with precision "
                 f"\"{asked}\": the precision belongs to Fabric, which then also handles what the loop cannot "
                 "(the loss scaling of 16-mixed on a GPU, the output turned back to float32). Fix: remove "
                 f"torch.autocast and make {FABRIC}.")
        fail(f"Fabric was made with precision \"{asked}\", so the run is not in bf16-mixed (Fabric's default is "
             f"32-true, float32 throughout; bf16-true puts the weights in bfloat16 too). Fix: {FABRIC}.")
    if fabric.device.type != "cpu":
        fail(f"Fabric runs on {fabric.device}, but the check compares with a run on the CPU. Fix: {FABRIC}.")


def _check_wrapped(seen, model, optimizer):
    __tracebackhide__ = True
    if not any(module is model for module in seen["modules"]):
        fail("The model you were given is not set up with Fabric, so its forward runs without bf16-mixed's "
             f"autocast (and on a GPU it would stay on the CPU). Fix: {SETUP}, and use the model it returns.")
    if not any(wrapped is optimizer for wrapped in seen["optimizers"]):
        fail("The optimizer is not set up with Fabric: its step then passes by the precision plugin (the "
             "GradScaler, under 16-mixed) and the strategy. Fix: model, optimizer = fabric.setup(model, optimizer) "
             "(or fabric.setup_optimizers(optimizer)), and call the optimizer it returns.")
    if not seen["loaders"]:
        fail("The loader is not set up with Fabric: on a CPU nothing shows, but on a GPU the batches would stay on "
             "the CPU, and with several processes every process would train on all the rows. Fix: "
             f"{LOADER}, and iterate the loader it returns.")


def _losses(returned):
    __tracebackhide__ = True
    try:
        return [loss.detach().float().cpu() if isinstance(loss, torch.Tensor) else torch.tensor(float(loss))
                for loss in returned]
    except (TypeError, ValueError):
        fail(f"train returns {type(returned).__name__} {returned!r:.60}, not one loss per step. Fix: "
             "losses.append(loss.detach()) after each step, and return losses.")


def _given():
    """The model, optimizer and shuffled loader train() is given, seeded as the reference makes them."""
    model = tiny_model(seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    return model, optimizer, DataLoader(tiny_loader().dataset, batch_size=4, shuffle=True)


@cache
def _reference():
    """The vanilla loop with mixed precision by hand (vanilla/features/precision.py's steps 1-2), on the CPU."""
    model, optimizer, train_loader = _given()
    losses = []
    for epoch in range(EPOCHS):
        for x, y in train_loader:
            with torch.autocast("cpu", dtype=torch.bfloat16):
                loss = F.mse_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.detach())
    return losses, [p.detach().clone() for p in model.parameters()]


@contextlib.contextmanager
def _fabric_watched(seen):
    """Records the Fabrics made (with their arguments), and the modules, optimizers and loaders Fabric wraps."""
    from lightning.fabric import Fabric, wrappers

    originals = Fabric.__init__, wrappers._FabricModule.__init__, wrappers._FabricOptimizer.__init__, \
        wrappers._FabricDataLoader.__iter__
    signature = inspect.signature(originals[0])

    def fabric_init(self, *args, **kwargs):
        seen["fabrics"].append((self, signature.bind(self, *args, **kwargs).arguments))
        originals[0](self, *args, **kwargs)

    def module_init(self, forward_module, strategy, original_module=None):
        seen["modules"].append(original_module or forward_module)
        originals[1](self, forward_module, strategy, original_module)

    def optimizer_init(self, optimizer, *args, **kwargs):
        seen["optimizers"].append(optimizer)
        originals[2](self, optimizer, *args, **kwargs)

    def loader_iter(self):
        seen["loaders"] += 1
        return originals[3](self)

    Fabric.__init__, wrappers._FabricModule.__init__ = fabric_init, module_init
    wrappers._FabricOptimizer.__init__, wrappers._FabricDataLoader.__iter__ = optimizer_init, loader_iter
    try:
        yield
    finally:
        Fabric.__init__, wrappers._FabricModule.__init__, wrappers._FabricOptimizer.__init__, \
            wrappers._FabricDataLoader.__iter__ = originals


@contextlib.contextmanager
def _quiet_logs():
    """Fabric logs "Using bfloat16 Automatic Mixed Precision (AMP)" at INFO level, through the logger of whichever
    of lightning.fabric and lightning.pytorch was imported last: not the student's output."""
    loggers = [logging.getLogger(name) for name in ("lightning.fabric", "lightning.pytorch")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
