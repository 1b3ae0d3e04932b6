"""Checks for exercise 8 (lesson 8, Fabric): the starting loop converted with Lightning Fabric, in bf16-mixed on the
CPU, held to the vanilla loop with autocast (lesson 4) bitwise, as lesson 8 proves the two equal.

train is called twice, each time on a fresh model, optimizer and shuffled loader (3 epochs of 3 batches, then 2 epochs
of 2), and the check records what happened while it ran: the Fabrics made and the precision plugin each set up (with
the warning Fabric gives when it replaces a float16 request by bf16-mixed on the CPU); every forward of the given
model (inside Fabric's wrapper or not, under which autocast, on which batch); every step of the given optimizer
(through Fabric's wrapper or not); whether a set-up loader is iterated; each loss handed to fabric.backward; whether
the random state was seeded or drawn from before the loader drew its order; and what train returns, as it is (with
its graph, if any). On a CPU several Fabric lines can be missing with no visible effect on the numbers (the batches
are already where the model is; bfloat16 needs no loss scaling), so those are judged by what Fabric was given and
what the loop used.
"""

import contextlib
import functools
import inspect
import logging
import numbers
import warnings
import weakref
from collections.abc import Iterable, Mapping
from functools import cache

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.probe import StepWatch, summed, tiny_loader, tiny_model
from course.exercises.verdict import check, correct, fail

LR = 0.1
# each call of train: (epochs, batch size, seed of the model and the data)
RUNS = ((3, 4, 0), (2, 6, 1))
SIDE = '(lesson 8, "The loop with Fabric, beside the loop")'
PROOF = '(lesson 8, "The proof")'
BF16 = '(lesson 8, "What `bf16-mixed` computes, on each side")'
BACKWARD = '(lesson 8, "`fabric.backward`, not `loss.backward()`")'
CODE = '(lesson 2, "The code")'
ASK = "Fix: make the Fabric as the exercise says: on the CPU, one device, bfloat16 mixed precision."
FP16_REPLACED = (
    "AMP with fp16 is not supported on CPU"  # Fabric's warning when it replaces 16-mixed on the CPU
)


@check
def check_fabric_train(train):
    """Exercise 8: train(model, optimizer, train_loader, epochs) trains the given model with Fabric in bf16-mixed on
    the CPU and returns the per-step losses: bitwise the vanilla loop's under torch.autocast(bfloat16), on two calls
    with fresh models and loaders, with every Fabric object set up and used."""
    __tracebackhide__ = True
    previous = None
    for epochs, batch_size, seed in RUNS:
        run = _Run(epochs, batch_size, seed)
        run.call(train)
        previous = _judge(run, previous)
    correct(
        f"train sets up the model, the optimizer and the loader with a Fabric in bf16-mixed, uses what it "
        f"returns, and calls fabric.backward: on two calls ({RUNS[0][0]} epochs, then {RUNS[1][0]}, on fresh "
        "models and loaders) its losses and weights are bitwise those of the vanilla loop under "
        "torch.autocast(bfloat16)."
    )


class _Run:
    """One call of the student's train on a fresh model, optimizer and shuffled loader, and what it did."""

    def __init__(self, epochs, batch_size, seed):
        self.epochs, self.batch_size, self.seed = epochs, batch_size, seed
        self.model, self.optimizer, self.loader = _given(batch_size, seed)
        self.fabrics = []  # the Fabrics made while train ran
        self.strategies = []  # the strategy of each Fabric that wrapped a module, for each module wrapped
        self.modules, self.optimizers = [], []  # what Fabric wrapped
        self.loaders_set_up, self.loader_passes = 0, 0  # loaders Fabric wrapped; passes over them
        self.forwards = []  # one per forward of the given model with autograd on: _Forward
        self.steps = []  # one per step of the given optimizer: whether it went through Fabric's wrapper
        self.backward_losses = []  # each loss handed to fabric.backward, as a number
        self.seeded = []  # the seeds train set in torch
        self.rng_at_entry = self.rng_at_first_pass = None
        self.returned = None
        self.watch = None

    def call(self, train):
        __tracebackhide__ = True
        self.watch = StepWatch(self.model, self.optimizer)
        hooks = [
            self.model.register_forward_hook(self._on_forward),
            self.optimizer.register_step_pre_hook(self._on_step),
        ]
        self.rng_at_entry = torch.get_rng_state()
        try:
            with self._watched(), _quiet_logs():
                self.returned = train(self.model, self.optimizer, self.loader, self.epochs)
        except (
            RuntimeError
        ) as error:  # NotImplementedError is one: re-raised as it is, "not done yet"
            if "requires you to call `fabric.backward(loss)`" in str(error):
                fail(
                    "Fabric refused loss.backward() at the first step: under bf16-mixed (as under 16-mixed, or "
                    "with a strategy such as DDP) Fabric runs the backward pass itself, to scale the loss or to "
                    f"synchronise the gradients {BACKWARD}. Fix: hand the loss to fabric.backward instead of "
                    "calling backward on it."
                )
            raise
        finally:
            for hook in hooks:
                hook.remove()
            self.watch.remove()

    def _on_forward(self, module, args, output):
        if torch.is_grad_enabled():
            x = args[0].detach().clone() if args and isinstance(args[0], torch.Tensor) else None
            self.forwards.append(
                _Forward(
                    inside=_depth["module"] > 0,
                    autocast=torch.is_autocast_enabled("cpu"),
                    dtype=torch.get_autocast_dtype("cpu"),
                    weights=next(module.parameters()).dtype,
                    x=x,
                )
            )

    def _on_step(self, optimizer, args, kwargs):
        self.steps.append(_depth["optimizer"] > 0)

    @contextlib.contextmanager
    def _watched(self):
        """Records the Fabrics made, what Fabric wraps and whether the loop goes through the wrappers, the losses
        handed to fabric.backward, seeds set, and the random state at the first pass over a loader."""
        from lightning.fabric import Fabric, wrappers

        run = self
        module_class, optimizer_class, loader_class = (
            wrappers._FabricModule,
            wrappers._FabricOptimizer,
            wrappers._FabricDataLoader,
        )
        saved = [
            (Fabric, "backward"),
            (module_class, "__init__"),
            (module_class, "forward"),
            (optimizer_class, "__init__"),
            (optimizer_class, "step"),
            (loader_class, "__init__"),
            (loader_class, "__iter__"),
            (DataLoader, "__iter__"),
            (torch, "manual_seed"),
            (torch.random, "manual_seed"),
        ]
        originals = {(owner, name): getattr(owner, name) for owner, name in saved}

        def original(owner, name):
            return originals[owner, name]

        def backward(self, tensor, *args, **kwargs):
            if isinstance(tensor, torch.Tensor) and tensor.numel() == 1:
                run.backward_losses.append(tensor.item())
            return original(Fabric, "backward")(self, tensor, *args, **kwargs)

        def module_init(self, forward_module, strategy, original_module=None):
            run.modules.append(original_module or forward_module)
            run.strategies.append(strategy)
            original(module_class, "__init__")(self, forward_module, strategy, original_module)

        def module_forward(self, *args, **kwargs):
            with _inside("module"):
                return original(module_class, "forward")(self, *args, **kwargs)

        def optimizer_init(self, optimizer, *args, **kwargs):
            run.optimizers.append(optimizer)
            original(optimizer_class, "__init__")(self, optimizer, *args, **kwargs)

        def optimizer_step(self, *args, **kwargs):
            with _inside("optimizer"):
                return original(optimizer_class, "step")(self, *args, **kwargs)

        def loader_init(self, *args, **kwargs):
            run.loaders_set_up += 1
            original(loader_class, "__init__")(self, *args, **kwargs)

        def loader_iter(self):
            run.loader_passes += 1
            return original(loader_class, "__iter__")(self)

        def any_loader_iter(self):
            if run.rng_at_first_pass is None:
                run.rng_at_first_pass = torch.get_rng_state()
            return original(DataLoader, "__iter__")(self)

        def seeding(owner):
            def manual_seed(seed):
                run.seeded.append(seed)
                return original(owner, "manual_seed")(seed)

            return manual_seed

        replacements = {
            (Fabric, "backward"): backward,
            (module_class, "__init__"): module_init,
            (module_class, "forward"): module_forward,
            (optimizer_class, "__init__"): optimizer_init,
            (optimizer_class, "step"): optimizer_step,
            (loader_class, "__init__"): loader_init,
            (loader_class, "__iter__"): loader_iter,
            (DataLoader, "__iter__"): any_loader_iter,
            (torch, "manual_seed"): seeding(torch),
            (torch.random, "manual_seed"): seeding(torch.random),
        }
        for (owner, name), replacement in replacements.items():
            setattr(owner, name, replacement)
        _watching.append(run)
        try:
            yield
        finally:
            _watching.remove(run)
            for (owner, name), function in originals.items():
                setattr(owner, name, function)


class _Forward:
    def __init__(self, inside, autocast, dtype, weights, x):
        self.inside, self.autocast, self.dtype, self.weights, self.x = (
            inside,
            autocast,
            dtype,
            weights,
            x,
        )


# how deep the running code is inside Fabric's module or optimizer wrapper
_depth = {"module": 0, "optimizer": 0}


@contextlib.contextmanager
def _inside(wrapper):
    _depth[wrapper] += 1
    try:
        yield
    finally:
        _depth[wrapper] -= 1


# every Fabric made since this module was imported: (its arguments, whether
_made = weakref.WeakKeyDictionary()
_watching = []  # the runs being watched                                     Fabric replaced a float16 request)


def _record_every_fabric():
    """Wraps Fabric.__init__ once, for good, to note each Fabric's arguments and whether Fabric warned that it replaced
    16-bit mixed precision by bf16-mixed on the CPU: after that, nothing on a Fabric tells it from one asked for
    bf16-mixed, and a student may make the Fabric before calling train (at the top of the cell). The warning is
    not shown while a check runs; every other warning is shown as it was (Lightning's warning about an old
    precision name, such as "bf16", never as an error)."""
    from lightning.fabric import Fabric

    init = Fabric.__init__
    if getattr(init, "recorded_by_the_check", False):
        return
    signature = inspect.signature(init)

    @functools.wraps(init)
    def recorded(self, *args, **kwargs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.filterwarnings("always", message=f".*{FP16_REPLACED}")
            warnings.filterwarnings("always", message=r".*is supported for historical reasons")
            init(self, *args, **kwargs)
        replaced = any(FP16_REPLACED in str(warning.message) for warning in caught)
        for warning in caught:
            if not (_watching and FP16_REPLACED in str(warning.message)):
                warnings.showwarning(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        arguments = signature.bind(self, *args, **kwargs).arguments
        arguments.pop(next(iter(arguments)))  # self
        _made[self] = (arguments, replaced)
        for run in _watching:
            run.fabrics.append(self)

    recorded.recorded_by_the_check = True
    Fabric.__init__ = recorded


def _fabric_of(run):
    """The Fabric to judge: the one that set up the given model, else the last one train made, else None."""
    for module, strategy in zip(run.modules, run.strategies):
        if module is run.model:
            fabric = next((fabric for fabric in list(_made) if fabric.strategy is strategy), None)
            if fabric is not None:
                return fabric
    return run.fabrics[-1] if run.fabrics else None


def _judge(run, previous):
    """Fails naming the first mistake what the run recorded proves; returns the run's losses, as numbers."""
    __tracebackhide__ = True
    _check_fabric(run)
    _check_set_up_and_used(run)
    mistake = run.watch.mistake()
    if mistake:
        fail(mistake.replace("loss.backward()", "fabric.backward(loss)"))
    losses = _returned_losses(run.returned)
    batches = run.epochs * len(run.loader)
    if len(run.steps) != batches:
        fail(
            f"train ran {len(run.steps)} optimizer steps, but {run.epochs} epochs over a loader of "
            f"{len(run.loader)} batches are {batches} steps {CODE}. Fix: one pass over the whole set-up loader for "
            "each of the `epochs` epochs train is given, one step per batch."
        )
    if (
        previous is not None
        and len(losses) == len(previous) + batches
        and losses[: len(previous)] == previous
    ):
        fail(
            f"Called a second time, on a fresh model, optimizer and loader, train returned {len(losses)} losses "
            f"for its {batches} steps, the first {len(previous)} of them the first call's: the list of losses "
            f"outlives a call of train, so each call returns the losses of the calls before it too {CODE}. Fix: "
            "make the list of losses inside train, so that every call starts with an empty one."
        )
    if len(losses) != batches:
        fail(
            f"train returns {len(losses)} losses for the {batches} steps it ran {CODE}. Fix: record the loss of "
            "every step, once per step, and return them all."
        )
    if len(run.backward_losses) == batches:
        for step, (returned, handed) in enumerate(zip(losses, run.backward_losses), 1):
            if returned != handed:
                fail(
                    f"At step {step} train returns {returned:.8g}, but the loss of that step, the one handed to "
                    f"fabric.backward, is {handed:.8g} {CODE}. Fix: record each step's loss as it is, unchanged."
                )
    want_losses, want_batches, want_weights = _reference(run.epochs, run.batch_size, run.seed)
    at = "The batches are the loader's, but at" if _check_batches(run, want_batches) else "At"
    for step, (got, want) in enumerate(zip(losses, want_losses), 1):
        if got != want:
            summed(got, want, len(want_batches[step - 1]), f"The loss of step {step}")
            fail(
                f"{at} step {step} (epoch {(step - 1) // len(run.loader) + 1}) the "
                f"loss is {got:.8g} where the vanilla loop under torch.autocast(bfloat16) gives {want:.8g}"
                f"{', every step before it equal' if step > 1 else ''} {PROOF}. Fix: make each step compute what "
                "the starting loop's five steps compute, with nothing added or left out, so that this step's loss is the "
                "same."
            )
    for (name, got), want in zip(run.model.named_parameters(), want_weights):
        got = got.detach()
        if not torch.equal(got, want):
            first = int((got != want).flatten().nonzero()[0])
            fail(
                f"Every loss is the vanilla loop's, but after the last step the weights differ ({name}, element "
                f"{first}: {got.flatten()[first].item():.8g} where the vanilla loop has "
                f"{want.flatten()[first].item():.8g}) {PROOF}. Fix: change the weights only by the optimizer's "
                "step, once per batch, as the starting loop does."
            )
    return losses


def _check_fabric(run):
    """The Fabric train made: its precision as Fabric set it up (the plugin, and what the forward ran under), and
    its device."""
    __tracebackhide__ = True
    fabric = _fabric_of(run)
    if fabric is None:
        fail(
            f"train makes no Fabric: the loop runs as plain PyTorch, with no precision or device handled for it "
            f"{SIDE}. Fix: make a Fabric inside train as the exercise says (on the CPU, one device, bfloat16 mixed "
            "precision), and set up the model, the optimizer and the loader with it."
        )
    from lightning.fabric.plugins import MixedPrecision

    arguments, fp16_replaced = _made.get(fabric, (None, False))
    if arguments is None:
        asked = "made before this check was imported"
    else:
        asked = (
            f"precision={arguments['precision']!r}"
            if "precision" in arguments
            else "no precision argument"
        )
    if fp16_replaced:
        fail(
            f"Fabric warned that float16 mixed precision is not supported on the CPU and set up bf16-mixed instead: "
            f"it was asked for 16-bit mixed precision ({asked}), which on a GPU trains in float16 with a "
            f"GradScaler, another run than the exercise's {SIDE}. Fix: ask Fabric for bfloat16 mixed precision, "
            "the precision the exercise names."
        )
    plugin = fabric.strategy.precision
    made = getattr(plugin, "precision", type(plugin).__name__)
    if not (isinstance(plugin, MixedPrecision) and made == "bf16-mixed"):
        if made == "32-true" and any(forward.autocast for forward in run.forwards):
            fail(
                f"The model's forward ran under an autocast written by hand, while Fabric itself runs in 32-true "
                f"({asked}): the precision belongs to Fabric, whose wrapper also hands the output back in float32 "
                f"and, under 16-mixed, scales the loss {BF16}. Fix: remove torch.autocast and give Fabric the "
                "precision instead."
            )
        seen = ""
        if run.forwards:
            forward = run.forwards[0]
            autocast = (
                f"autocast on, to {_dtype(forward.dtype)}" if forward.autocast else "autocast off"
            )
            seen = (
                f"; the model's forward ran with {autocast} and {_dtype(forward.weights)} weights"
            )
        fail(
            f"Fabric set up {made} precision ({asked}), not bf16-mixed{seen}, where bf16-mixed keeps the weights "
            f"in float32 and runs the forward under autocast to bfloat16 {BF16}. {ASK}"
        )
    if fabric.device.type != "cpu":
        fail(
            f"Fabric runs on {fabric.device}, but the exercise, and the vanilla run it is compared with, is on the "
            f"CPU {SIDE}. {ASK}"
        )


def _check_set_up_and_used(run):
    """The given model, optimizer and loader: each set up with Fabric, and the loop using what Fabric returned."""
    __tracebackhide__ = True
    if not any(module is run.model for module in run.modules):
        if run.modules:
            fail(
                f"train sets up a model of its own with Fabric, not the one it was given: the caller's model is "
                f"never trained {SIDE}. Fix: set up and train the model passed to train."
            )
        fail(
            f"The model you were given is not set up with Fabric: its forward runs without bf16-mixed's autocast, "
            f"and on a GPU it would stay on the CPU {SIDE}. Fix: set it up with fabric.setup (with the optimizer, "
            "or alone with fabric.setup_module) and call the model it returns."
        )
    if any(not forward.inside for forward in run.forwards):
        fail(
            f"The model was set up with Fabric, but the loop calls the model train was given, not the one "
            f"fabric.setup returned: its forward then runs outside Fabric's wrapper, without bf16-mixed's "
            f"autocast {SIDE}. Fix: keep what fabric.setup returns and call that model in the loop."
        )
    if not any(optimizer is run.optimizer for optimizer in run.optimizers):
        if run.optimizers:
            fail(
                f"train sets up an optimizer of its own with Fabric, not the one it was given, which comes with its "
                f"settings and state {SIDE}. Fix: set up and step the optimizer passed to train."
            )
        fail(
            f"The optimizer is not set up with Fabric: its step then goes past the precision plugin (the "
            f"GradScaler, under 16-mixed) and the strategy {SIDE}. Fix: set it up with the model in fabric.setup "
            "(or with fabric.setup_optimizers) and step the optimizer it returns."
        )
    if any(not inside for inside in run.steps):
        fail(
            f"The optimizer was set up with Fabric, but the loop steps the one train was given, not the one Fabric "
            f"returned: its step then goes past the precision plugin (the GradScaler, under 16-mixed) and the "
            f"strategy {SIDE}. Fix: keep the optimizer Fabric returns and step that one."
        )
    if not run.loaders_set_up:
        fail(
            f"The loader is not set up with Fabric: on a CPU nothing shows, but on a GPU the batches would stay on "
            f"the CPU, and with several processes every process would train on all the rows {SIDE}. Fix: set it "
            "up with fabric.setup_dataloaders and iterate the loader it returns."
        )
    if not run.loader_passes:
        fail(
            f"The loader was set up with Fabric, but the loop iterates the one train was given, not the one "
            f"fabric.setup_dataloaders returned: on a GPU its batches would stay on the CPU, and with several "
            f"processes every process would train on all the rows {SIDE}. Fix: keep the loader Fabric returns "
            "and iterate that one."
        )


def _check_batches(run, want_batches):
    """The batches the model got, step by step, against those the caller's loader yields; where they first differ,
    what train did to the random state (a seed set, numbers drawn) before the loader drew its order. Returns whether
    the batches could be compared (one forward per step), and so are the same."""
    __tracebackhide__ = True
    xs = [forward.x for forward in run.forwards]
    if len(xs) != len(want_batches) or any(x is None for x in xs):
        return False
    for step, (x, want) in enumerate(zip(xs, want_batches), 1):
        # bf16-mixed casts the inputs to bfloat16
        if x.shape == want.shape and torch.equal(x, want.to(x.dtype)):
            continue
        where = (
            f"at step {step} (epoch {(step - 1) // len(run.loader) + 1}) the model got other rows than the "
            "caller's shuffled loader yields there"
        )
        if run.seeded:
            fail(
                f"train seeds torch's random generator (torch.manual_seed({run.seeded[0]!r}), which "
                f"L.seed_everything calls too), so the loader it was given draws another order: {where} {PROOF}. "
                "Fix: leave the seeding to the caller, who seeded once before making the model and the loader."
            )
        if run.rng_at_first_pass is not None and not torch.equal(
            run.rng_at_first_pass, run.rng_at_entry
        ):
            fail(
                f"train draws random numbers before its first pass over the loader, so the shuffled loader draws "
                f"another order: {where} {PROOF}. Fix: draw nothing random inside train before the loop."
            )
        fail(
            f"The batches differ from the loader's: {where}, so the run differs from the vanilla loop from that "
            f"step on {PROOF}. Fix: feed the model the batches of the set-up loader as they come, one pass per "
            "epoch."
        )
    return True


def _returned_losses(returned):
    """What train returned, as it is, as numbers: one per element, each a number or a one-element tensor without a
    graph; anything else is named."""
    __tracebackhide__ = True
    graph = mistakes.RETURNS_GRAPH.format(
        who="train", fix="keep each step's loss without its graph (detached, or as a Python number)"
    )
    shape = (
        f"train returns {_described(returned)}, not one loss per step {CODE}. Fix: return the per-step losses "
        "alone, one number for each step."
    )
    if returned is None:
        fail(
            f"train returns nothing, so its caller has no losses {CODE}. Fix: return the per-step losses, one "
            "number for each step."
        )
    if isinstance(returned, torch.Tensor):
        if returned.requires_grad:
            fail(graph)
        if returned.ndim == 0:
            fail(shape)
        items = list(returned.reshape(len(returned), -1))
    elif isinstance(returned, (str, bytes, Mapping, nn.Module)) or not isinstance(
        returned, Iterable
    ):
        fail(shape)
    else:
        items = list(returned)
    losses = []
    for item in items:
        if isinstance(item, torch.Tensor) and item.numel() == 1:
            if item.requires_grad:
                fail(graph)
            losses.append(item.item())
        elif isinstance(item, numbers.Real) and not isinstance(item, bool):
            losses.append(float(item))
        else:
            fail(shape)
    return losses


def _described(value, inner=False):
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, (list, tuple)):
        if inner:
            return f"a {type(value).__name__} of {len(value)} items"
        kinds = ", ".join(_described(item, inner=True) for item in value[:3])
        return f"a {type(value).__name__} of {len(value)} items ({kinds}{', ...' if len(value) > 3 else ''})"
    return f"a {type(value).__name__}"


def _dtype(dtype):
    return str(dtype).removeprefix("torch.")


def _given(batch_size=4, seed=0):
    """The model, optimizer and shuffled loader train() is given, seeded as the reference makes them."""
    model = tiny_model(seed=seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    return (
        model,
        optimizer,
        DataLoader(tiny_loader(data_seed=seed).dataset, batch_size=batch_size, shuffle=True),
    )


@cache
def _reference(epochs, batch_size, seed):
    """The vanilla loop with mixed precision by hand (vanilla/features/precision.py's steps 1-2), on the CPU: its
    per-step losses (numbers), batches and final weights."""
    model, optimizer, train_loader = _given(batch_size, seed)
    losses, batches = [], []
    for epoch in range(epochs):
        for x, y in train_loader:
            with torch.autocast("cpu", dtype=torch.bfloat16):
                loss = F.mse_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            batches.append(x.clone())
    return losses, batches, [p.detach().clone() for p in model.parameters()]


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


_record_every_fabric()
