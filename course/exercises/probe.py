"""How the checks watch a student's code run: tiny data, tiny models, and hooks that record what happened."""

import contextlib
import functools
import numbers
import re
import unittest.mock
import warnings
import zlib

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.verdict import fail
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset

N_FEATURES = 3  # tiny on purpose: every check runs in milliseconds


def tiny_loader(data_seed=0):
    """The course's recipe at toy size: 12 rows in 3 equal batches, so mean of batch losses = mean over rows."""
    X, y, _, _ = make_data(TrainConfig(n_samples=12, n_features=N_FEATURES, data_seed=data_seed))
    return DataLoader(make_dataset(X, y), batch_size=4)


def tiny_model(dropout=False, seed=0):
    """The course's Regressor; with dropout in front, so eval mode changes what the model outputs."""
    torch.manual_seed(seed)
    if dropout:
        return nn.Sequential(InputSeededDropout(), nn.Linear(N_FEATURES, 1))
    return Regressor(N_FEATURES)


class InputSeededDropout(nn.Module):
    """Dropout (p=0.5) whose mask is drawn from a generator seeded by the input's bytes, never from the global
    random state: the student's code and the reference drop the same units for the same batch, however many random
    numbers the student's code draws on the way (a new DataLoader iterator draws one, a debugging peek too)."""

    def forward(self, x):
        if not self.training:
            return x
        generator = torch.Generator().manual_seed(zlib.crc32(x.detach().cpu().numpy().tobytes()))
        return x * (torch.rand(x.shape, generator=generator) < 0.5).to(x.device) * 2


def reference_step(model, optimizer, x, y):
    """The five steps as lesson 1 writes them: the answer a student's step is compared with."""
    y_hat = model(x)  # step 1: forward
    loss = F.mse_loss(y_hat, y)  # step 2: loss
    optimizer.zero_grad()  # step 3: zero grad
    loss.backward()  # step 4: backward
    optimizer.step()  # step 5: step
    return loss.item()


def same_weights(a, b):
    # a student's loss may add the same numbers in another order: float32 rounding, far below any real mistake
    return all(
        torch.allclose(p, q, rtol=1e-5, atol=1e-6) for p, q in zip(a.parameters(), b.parameters())
    )


def close(a, b):
    return abs(a - b) <= 1e-5 * abs(b) + 1e-6


def as_number(value, who, fix):
    """A loss returned as a float or a one-element tensor without a graph, as a float; anything else is named,
    with the fix."""
    __tracebackhide__ = True
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        if value.requires_grad:
            fail(mistakes.RETURNS_GRAPH.format(who=who, fix=fix))
        return value.item()
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if value is None:
        fail(
            f'{who} returns nothing, so its caller has no loss to record (lesson 2, "The code"). Fix: {fix}.'
        )
    what = (
        f"a tensor of shape {tuple(value.shape)}"
        if isinstance(value, torch.Tensor)
        else f"a {type(value).__name__}"
    )
    fail(
        f'{who} returns {what}, not the loss of the batch, one number (lesson 2, "The code"). Fix: {fix}.'
    )


def lr_changed(optimizer, lr, who):
    """Fails when the student's code changed the learning rate of the optimizer it was given."""
    __tracebackhide__ = True
    rates = [group["lr"] for group in optimizer.param_groups]
    if any(rate != lr for rate in rates):
        fail(
            f"{who} changes the optimizer's learning rate (from {lr} to {rates[0]:.3g}): the optimizer you were "
            "given comes with its settings, and a schedule belongs to the code that owns the optimizer (lesson 7, "
            '"Learning-rate schedulers"). Fix: leave its param_groups alone; only clear its gradients and step.'
        )


def summed(value, expected, rows, who):
    """Fails with mistakes.SUMMED when value is the sum of the squared errors of `rows` rows instead of their mean."""
    __tracebackhide__ = True
    if rows > 1 and close(value, rows * expected):
        fail(mistakes.SUMMED.format(who=who, value=value, times=rows, expected=expected))


def broadcast_loss(model, x, y):
    """What an (N, 1) output against (N,) targets computes: every prediction against every target."""
    with torch.no_grad():
        return ((model(x).view(-1, 1) - y.view(1, -1)) ** 2).mean().item()


@contextlib.contextmanager
def broadcasting_is_a_mistake(say=None):
    """PyTorch only warns when F.mse_loss broadcasts; inside this block the warning is a named mistake: `say(target,
    output)`, the two shapes the loss got, gives its message (mistakes.BROADCAST by default)."""
    __tracebackhide__ = True
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*broadcasting", category=UserWarning)
        try:
            yield
        except UserWarning as warning:
            if "broadcasting" not in str(warning):
                raise
            target, output = (
                tuple(int(n) for n in size.split(",") if n.strip())
                for size in re.findall(r"torch\.Size\(\[([\d, ]*)\]\)", str(warning))
            )
            fail(
                say(target, output)
                if say
                else mistakes.BROADCAST.format(target=target, output=output)
            )


@contextlib.contextmanager
def watch_forward(model):
    """Records (training, grad_enabled) for every forward call of the model or of any module inside it."""
    calls = []

    def record(module, args, output):
        calls.append((module.training, torch.is_grad_enabled()))

    handles = [module.register_forward_hook(record) for module in model.modules()]
    try:
        yield calls
    finally:
        for handle in handles:
            handle.remove()


class StepWatch:
    """Watches what a student's code does to a model's gradients and weights while it trains it with an optimizer,
    and names a mistake only when they prove it. It records the gradient of every backward pass (a hook on each
    parameter, which fires alike for loss.backward(), torch.autograd.backward and torch.autograd.grad), whether
    that gradient was added into .grad, and, after each step of the optimizer (a closure's backward pass included),
    the gradients the step used, compared with those passes: a step on no gradient, on the last step's gradient
    again, on gradients piled up over steps, on twice one pass's gradient, or on gradients wiped after the pass.
    It also sees weights that change without the optimizer's step. Whatever it cannot explain, it leaves to the
    check's comparison of numbers."""

    def __init__(self, model, optimizer):
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.before = [p.detach().clone() for p in self.params]  # the weights as given
        self.events = []  # in order: ("gradient", parameter index) and ("step", what its gradients were)
        # per parameter: the gradients of the passes since the last step
        self.fresh = [[] for _ in self.params]
        # per parameter: whether one was added into .grad since then
        self.stored = [False] * len(self.params)
        # per parameter: the gradient the last step used; before the first step, what .grad already held (a backward
        # before, in a cell that tried one), so a first step that piles onto it is seen too
        self.used = (
            None
            if all(p.grad is None for p in self.params)
            else [
                torch.zeros_like(p) if p.grad is None else p.grad.detach().clone()
                for p in self.params
            ]
        )
        self.first = True  # no step yet: a step on what .grad already held is a step on no gradient of its own
        self.after = self.before  # the weights after the last step
        self.moved = (
            False  # the weights changed between two steps, or since the last one, without a step
        )
        self.handles = [
            optimizer.register_step_pre_hook(self._before_step),
            optimizer.register_step_post_hook(self._on_step),
        ]
        for index, p in enumerate(self.params):
            self.handles.append(p.register_hook(functools.partial(self._on_gradient, index)))
            self.handles.append(
                p.register_post_accumulate_grad_hook(functools.partial(self._on_stored, index))
            )

    def _on_gradient(self, index, grad):
        self.fresh[index].append(grad.detach().clone())
        self.events.append(("gradient", index))

    def _on_stored(self, index, param):
        self.stored[index] = True

    def _weights_moved(self):
        return any(not torch.equal(p.detach(), q) for p, q in zip(self.params, self.after))

    def _before_step(self, optimizer, args, kwargs):
        self.moved = self.moved or self._weights_moved()

    def _on_step(self, optimizer, args, kwargs):
        grads = [
            torch.zeros_like(p) if p.grad is None else p.grad.detach().clone() for p in self.params
        ]
        # a loss may not reach every weight
        reached = [index for index, passes in enumerate(self.fresh) if passes]
        kinds = [self._judge(index, grads[index]) for index in reached or range(len(self.params))]
        wrong = [kind for kind in kinds if kind != "fresh"]
        self.events.append(("step", min(wrong, key=STEP_KINDS.index) if wrong else "fresh"))
        self.used, self.after, self.first = grads, [p.detach().clone() for p in self.params], False
        self.fresh, self.stored = [[] for _ in self.params], [False] * len(self.params)

    def _judge(self, index, grad):
        """What one parameter's gradient at a step was, from the passes since the last step (see STEP_KINDS)."""
        passes, used = self.fresh[index], None if self.used is None else self.used[index]
        if not passes:
            if self.first:
                return "none"
            if used is not None and used.any() and _same(grad, used):
                return "again"
            return "none" if not grad.any() else "other"
        if _same(grad, passes[-1]):
            return "fresh"
        if not grad.any():
            return "wiped" if self.stored[index] else "kept"
        if len(passes) > 1 and _same(grad, sum(passes)):
            return "twice"
        if used is not None and used.any() and _same(grad, used + sum(passes)):
            return "piled"
        return "other"

    def mistake(self):
        """The first mistake the gradients and weights show, as its message; None when every step stepped on the
        gradient of one fresh backward pass, and only the optimizer moved the weights."""
        steps = [
            (position, kind)
            for position, (event, kind) in enumerate(self.events)
            if event == "step"
        ]
        gradients = [
            position for position, (event, _) in enumerate(self.events) if event == "gradient"
        ]
        if not steps:
            changed = any(not torch.equal(p.detach(), q) for p, q in zip(self.params, self.before))
            return (
                mistakes.STEPPED_ELSEWHERE
                if changed
                else mistakes.NO_STEP
                if gradients
                else mistakes.NO_BACKWARD
            )
        for number, (position, kind) in enumerate(steps):
            # a step on no gradient: a backward pass comes after it, came only before, or never
            if kind == "none":
                until = steps[number + 1][0] if number + 1 < len(steps) else len(self.events)
                if any(position < gradient < until for gradient in gradients):
                    return mistakes.STEP_BEFORE_BACKWARD
                return (
                    mistakes.STEP_TWICE
                    if gradients and gradients[0] < position
                    else mistakes.NO_BACKWARD
                )
            if kind in STEP_MISTAKES:
                return STEP_MISTAKES[kind]
        if self.moved or self._weights_moved():
            return WEIGHTS_MOVED_BETWEEN_STEPS
        return None

    def remove(self):
        for handle in self.handles:
            handle.remove()


# A machine with a GPU, or without one, whichever this one is.


def _cuda_to_meta(value):
    if isinstance(value, torch.device) and value.type == "cuda":
        return torch.device("meta")
    if isinstance(value, str) and re.fullmatch(r"cuda(:\d+)?", value.strip()):
        return "meta"
    return value


class _CudaOnMeta(torch.overrides.TorchFunctionMode):
    """Sends to the meta device whatever code sends to "cuda": .to(...), .cuda(), device=... (Module.to and
    Module.cuda go through them)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is torch.Tensor.cuda:
            return args[0].to("meta")
        args = tuple(_cuda_to_meta(value) for value in args)
        kwargs = {key: _cuda_to_meta(value) for key, value in kwargs.items()}
        return func(*args, **kwargs)


@contextlib.contextmanager
def gpu_on_meta():
    """Inside this block the machine seems to have one GPU, whatever it has: torch.cuda.is_available() is True, and
    what code sends to "cuda" lands on the `meta` device, which stands in for it. Meta tensors have no values
    (.item() fails there), so a check only watches where tensors go inside this block, never what they hold."""
    with (
        unittest.mock.patch.object(torch.cuda, "is_available", lambda: True),
        unittest.mock.patch.object(torch.cuda, "device_count", lambda: 1),
        _CudaOnMeta(),
    ):
        yield


@contextlib.contextmanager
def no_gpu():
    """Inside this block torch.cuda.is_available() is False, whatever the machine has: code that picks its device
    with it stays on the CPU, where the check's own reference runs, on a laptop and on a GPU machine alike."""
    with (
        unittest.mock.patch.object(torch.cuda, "is_available", lambda: False),
        unittest.mock.patch.object(torch.cuda, "device_count", lambda: 0),
    ):
        yield


# What StepWatch finds a step's gradient to be, one parameter at a time, the first a step shows taken in this order:
# "none" (no gradient at all), "wiped" (a pass added one into .grad, then it was cleared), "kept" (a pass computed one,
# as torch.autograd.grad does, but it never reached .grad), "piled" (the last step's gradient plus this step's),
# "twice" (two passes since the last step, added up), "again" (no pass since the last step: the same gradient),
# "other" (none of these: the gradient was changed on the way, e.g. clipped; the check's numbers judge it).
# "fresh" (the gradient of the last pass, as it was computed) is a right step.
STEP_KINDS = ("none", "wiped", "kept", "piled", "twice", "again", "other")

GRADIENTS_NOT_STORED = (
    "The optimizer steps on no gradient: a backward pass computed the gradients but none reached "
    ".grad, where optimizer.step() reads them (torch.autograd.grad returns them instead of storing "
    'them) (lesson 1, "The same step with `nn` and `optim`"). Fix: let backward fill .grad, or '
    "put each computed gradient into its parameter's .grad before the step."
)
WEIGHTS_MOVED_BETWEEN_STEPS = (
    "The weights change outside the optimizer's step(): between two steps, or after the "
    "last, they moved without it (an update by hand, or another optimizer), so a batch "
    "moves them more than one step at the optimizer's learning rate (lesson 1, \"The same "
    'step with `nn` and `optim`"). Fix: let the optimizer you were given make the only '
    "update of the weights."
)
STEP_MISTAKES = {
    "wiped": mistakes.ZERO_GRAD_TOO_LATE,
    "kept": GRADIENTS_NOT_STORED,
    "piled": mistakes.ZERO_GRAD,
    "twice": mistakes.BACKWARD_TWICE,
    "again": mistakes.STEP_TWICE,
}


def _same(grad, expected):
    """Whether a gradient is the expected one: exactly, but for float32 rounding where passes were added up."""
    return grad.shape == expected.shape and torch.allclose(
        grad.double(), expected.double(), rtol=1e-5, atol=1e-8
    )


# A real L.Trainer for a check: the student's code runs as Lightning runs it.


def lightning_trainer(**kwargs):
    """An L.Trainer on one CPU that writes nothing and prints no banner, progress bar or model summary."""
    import lightning as L

    from course import quiet

    quiet()
    return L.Trainer(
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        **kwargs,
    )


@contextlib.contextmanager
def lightning_warnings_ignored():
    """Warnings about how a check calls Lightning (few workers, few batches, self.log outside a Trainer, the pinned
    versions' deprecations), not about the student's code; each matched exactly."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"You are trying to `self\.log\(\)` but the `self\.trainer`"
        )
        warnings.filterwarnings("ignore", message=r"The '\w+' does not have many workers")
        # lightning 2.6.6 on torch 2.13, as in pyproject.toml
        warnings.filterwarnings(
            "ignore",
            message=r"`isinstance\(treespec, LeafSpec\)` is deprecated",
            category=FutureWarning,
        )
        warnings.filterwarnings(
            "ignore",
            message=r"The number of training batches \(\d+\) is smaller than the "
            r"logging interval",
        )
        warnings.filterwarnings(
            "ignore", message=r"Starting from v1\.9\.0, `tensorboardX` has been removed"
        )
        warnings.filterwarnings(
            "ignore", message=r"Your `train_dataloader`'s sampler has shuffling enabled"
        )
        yield


# Running a LightningModule's hooks in a real Trainer: lightning_trainer() above, with every call of the hooks
# watched.


class HookCall:
    """One call of a LightningModule's hook inside a real Trainer, as run_in_trainer recorded it."""

    def __init__(self, name, epoch, batch_idx, args, weights):
        self.name, self.epoch, self.batch_idx = name, epoch, batch_idx
        self.args = args  # what the hook received, its tensors detached copies
        self.weights = weights  # the module's parameters just before the call, detached copies
        self.returned = (
            None  # what the hook returned, untouched (the Trainer uses it after on_call)
        )
        self.backward = False  # a backward pass reached the module's parameters during the call
        self.steps = 0  # optimizer steps taken during the call
        self.moved = []  # (device, where to) for each tensor of the batch the hook moved off the device it came on
        self.left = (
            None  # (module.training, torch.is_grad_enabled()) as the hook left them on return
        )

    @property
    def batch(self):
        return self.args[0] if self.args else None


def run_in_trainer(
    module,
    loader,
    hooks=("training_step",),
    on_call=None,
    device=None,
    stage="fit",
    logger=None,
    **options,
):
    """Runs `module` in a real L.Trainer (lightning_trainer(**options), with `logger` if one is given), trainer.fit
    or trainer.validate on `loader`, so that what a hook may use in a notebook works here too: self.trainer,
    self.log, self.optimizers(), self.global_step. Each call of a hook named in `hooks` is recorded as a HookCall
    and given to on_call(call) as soon as the hook returns, before the Trainer uses what it returned: on_call may
    fail() there and then.

    device="meta" makes the Trainer put the module and every batch on the meta device, a GPU's stand-in on any
    machine: a tensor a hook makes on the CPU then meets the batch on another device, as it would on a GPU. Meta
    tensors hold no values, so there .item(), float() and copies to another device give stand-ins instead of an
    error (NumPy arrays and lists of zeros): the run shows where tensors go, never what they hold. Returns (trainer,
    calls)."""
    from lightning.pytorch.strategies import SingleDeviceStrategy
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    # batch: id -> a tensor of the batch (or a view); moved: id -> (copy, device, where to); kept alive: no id reused
    calls, state = [], {"call": None, "batch": {}, "moved": {}}
    handles = []

    def on_gradient(grad):
        if state["call"] is not None:
            state["call"].backward = True

    def on_step(optimizer, args, kwargs):
        if state["call"] is not None:
            state["call"].steps += 1

    def watched(name, hook):
        def call_hook(*args, **kwargs):
            trainer = module.trainer
            # the parameters as the Trainer placed them (a move to meta makes new ones)
            if not state.get("hooked"):
                handles.extend(
                    p.register_hook(on_gradient) for p in module.parameters() if p.requires_grad
                )
                state["hooked"] = True
            call = HookCall(
                name,
                trainer.current_epoch,
                args[1] if len(args) > 1 else kwargs.get("batch_idx"),
                _detached(args),
                [p.detach().clone() for p in module.parameters()],
            )
            state.update(call=call, batch={id(t): t for t in tensors_in(args[:1])}, moved={})
            try:
                call.returned = hook(*args, **kwargs)
                call.left = (module.training, torch.is_grad_enabled())
            finally:
                state.update(call=None, batch={}, moved={})
            calls.append(call)
            if on_call is not None:
                on_call(call)
            return call.returned

        return call_hook

    if device is not None:
        place = torch.device(device)

        class OnDevice(SingleDeviceStrategy):
            """The CPU's strategy, with the module and every batch on `device`."""

            def model_to_device(self):
                self.model.to(place)

            def batch_to_device(self, batch, device=None, dataloader_idx=0):
                return super().batch_to_device(batch, place, dataloader_idx)

        options = dict(strategy=OnDevice(device="cpu"), **options)
    handles.append(register_optimizer_step_pre_hook(on_step))
    for name in hooks:
        setattr(module, name, watched(name, getattr(module, name)))
    try:
        with lightning_warnings_ignored(), warnings.catch_warnings():
            # the CPU, on purpose
            warnings.filterwarnings("ignore", message=r"GPU available but not used")
            trainer = lightning_trainer(**options)
        if logger is not None:
            trainer.loggers = [logger]
        with (
            lightning_warnings_ignored(),
            _DeviceWatch(state, meta=device is not None and place.type == "meta"),
        ):
            if stage == "validate":
                trainer.validate(module, loader, verbose=False)
            else:
                trainer.fit(module, loader)
    finally:
        for handle in handles:
            handle.remove()
        for name in hooks:
            vars(module).pop(name, None)
    return trainer, calls


def tensors_in(value):
    """The tensors in a batch, a state_dict or a call's arguments: a tensor, or any nesting of lists, tuples and
    dicts of them, in order."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [tensor for item in value for tensor in tensors_in(item)]
    return []


def _detached(value):
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, dict):
        return {key: _detached(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return (
            type(value)(_detached(item) for item in value)
            if type(value) in (list, tuple)
            else value
        )
    return value


_MOVES = (torch.Tensor.to, torch.Tensor.cpu, torch.Tensor.cuda)
# the stand-in values meta tensors give
_VALUES = {
    torch.Tensor.item: 0.0,
    torch.Tensor.__float__: 0.0,
    torch.Tensor.__int__: 0,
    torch.Tensor.__index__: 0,
    torch.Tensor.__bool__: False,
}
_SAME_ROWS = {
    torch.Tensor.float,
    torch.Tensor.double,
    torch.Tensor.view,
    torch.Tensor.reshape,
    torch.Tensor.clone,
    torch.Tensor.detach,
    torch.Tensor.contiguous,
    torch.Tensor.type,
    torch.Tensor.type_as,
}


def _where_to(func, args, kwargs):
    """The device a .to(...), .cpu() or .cuda() call sends its tensor to; None when it names none."""
    if func is torch.Tensor.cpu:
        return torch.device("cpu")
    if func is torch.Tensor.cuda:
        index = args[0] if args else kwargs.get("device")
        return (
            torch.device("cuda")
            if index is None
            else torch.device("cuda", index)
            if isinstance(index, int)
            else torch.device(index)
        )
    for value in (*args, kwargs.get("device"), kwargs.get("other")):
        if isinstance(value, torch.Tensor):
            return value.device
        if isinstance(value, (str, torch.device)):
            return torch.device(value)
    return None


def _dtype_of(args, kwargs):
    for value in (*args, kwargs.get("dtype"), kwargs.get("other")):
        if isinstance(value, torch.dtype):
            return value
        if isinstance(value, torch.Tensor):
            return value.dtype
    return None


class _DeviceWatch(torch.overrides.TorchFunctionMode):
    """While a hook runs: each tensor of its batch that it copies off the device the Trainer put it on stays where it
    was (a new tensor there stands for the copy, so the run goes on), and when such a copy meets another tensor in
    an operation (the model's weights, the outputs), the move is recorded on the call: a copy only printed or looked
    at is no mistake. On meta: stand-in values (see _VALUES), and copies to another device that stay on meta, where
    meta has no values to give."""

    def __init__(self, state, meta):
        super().__init__()
        self.state, self.meta = state, meta

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        source = args[0] if args and isinstance(args[0], torch.Tensor) else None
        batch, moved = self.state["batch"], self.state["moved"]
        if source is not None and func in _MOVES:
            where = _where_to(func, args[1:], kwargs)
            if where is not None and (
                where.type != source.device.type or where.index not in (None, source.device.index)
            ):
                if id(source) in batch or id(source) in moved:
                    dtype = _dtype_of(args[1:], kwargs)
                    copy = (
                        source.view_as(source)
                        if dtype in (None, source.dtype)
                        else source.to(dtype)
                    )
                    moved[id(copy)] = (
                        copy,
                        *(moved[id(source)][1:2] if id(source) in moved else (source.device,)),
                        where,
                    )
                    return copy
                if self.meta and source.device.type == "meta":
                    return source
        if self.meta and source is not None and source.device.type == "meta":
            if func in _VALUES:
                return _VALUES[func]
            # zeros of its shape stand in for its values
            if func in (torch.Tensor.numpy, torch.Tensor.tolist):
                return func(torch.zeros(source.shape, dtype=source.dtype))
        result = func(*args, **kwargs)
        tensors = [
            value
            for value in (*args, *kwargs.values())
            for value in (value if isinstance(value, (list, tuple)) else [value])
            if isinstance(value, torch.Tensor)
        ]
        copies = [moved[id(tensor)] for tensor in tensors if id(tensor) in moved]
        if copies and self.state["call"] is not None:
            # the copy meets a tensor of the Trainer's device
            if any(id(tensor) not in moved for tensor in tensors):
                if not self.state["call"].moved:
                    self.state["call"].moved.append(copies[0][1:])
            elif isinstance(result, torch.Tensor):
                # computed from the copy alone: still the copy
                moved[id(result)] = (result, *copies[0][1:])
        elif func in _SAME_ROWS and id(source) in batch and isinstance(result, torch.Tensor):
            batch[id(result)] = result  # a view or a copy of the batch is the batch
        return result


# What a LightningModule's training_step returns, judged as the Trainer would use it.

WHAT_MOVED = '(lesson 3, "What moved where")'


def training_step_loss(returned):
    """The loss tensor a training_step returns (detached), or the named mistake: nothing, a number, a dict without a
    "loss", a tensor without a graph or of another shape than one number."""
    __tracebackhide__ = True
    if isinstance(returned, dict):
        if "loss" not in returned:
            fail(
                f'training_step returns a dict without a "loss" key (its keys: {sorted(map(str, returned))}), so '
                "the Trainer finds no loss to call backward on "
                + WHAT_MOVED
                + ". Fix: return the loss tensor "
                'itself, or a dict that holds it under "loss".'
            )
        returned = returned["loss"]
    if returned is None:
        fail(mistakes.RETURNS_NONE)
    if isinstance(returned, numbers.Number):
        fail(mistakes.RETURNS_FLOAT)
    if not isinstance(returned, torch.Tensor):
        fail(
            f"training_step returns a {type(returned).__name__}, not the loss tensor the Trainer calls backward on "
            + WHAT_MOVED
            + ". Fix: return the batch's loss tensor."
        )
    if returned.grad_fn is None:
        fail(mistakes.RETURNS_DETACHED)
    if returned.numel() != 1:
        fail(
            f"training_step returns a tensor of shape {tuple(returned.shape)}, not one number: the Trainer calls "
            "backward on one loss for the batch "
            + WHAT_MOVED
            + ". Fix: return the mean loss of the batch, a "
            "single value."
        )
    return returned.detach()
