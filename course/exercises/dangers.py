"""Checks for exercise 4 (lesson 4, the dangers): 4a a step that moves its batch to the device it is given; 4b a
learning rate; 4c the device trap inside a LightningModule (course/device_trap.py).

Where devices matter, the student's code runs on the CPU beside the reference, and with the model (4a), or the module
and the batch (4c), on the `meta` device, which stands in for a GPU on any laptop: a tensor left on the CPU fails
there exactly as on a GPU (and a CPU tensor of 0 dimensions, which a GPU accepts, passes there too). While it runs,
DeviceWatch records where each tensor of the batch was sent (.to(), .cuda(), device=...), and, at the first operation
that fails, which of its tensors were elsewhere and where each came from: the batch never moved, moved but the moved
copy dropped, moved to a device the code chose itself, a tensor the code made, a tensor kept on the module, the model
moved. Meta tensors hold no values: a value the student's code reads there (.item(), bool(), f"{loss:.4f}") is
answered with what the same read gave on the CPU (MetaReads), and a copy to the CPU with zeros, so code that prints or
asserts on its loss runs there as it would on a GPU.
"""

import contextlib
import math
import numbers
import re
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.probe import (
    N_FEATURES,
    StepWatch,
    broadcast_loss,
    broadcasting_is_a_mistake,
    close,
    lightning_trainer,
    lightning_warnings_ignored,
    lr_changed,
    reference_step,
    summed,
    tensors_in,
    tiny_loader,
    tiny_model,
    training_step_loss,
)
from course.exercises.verdict import CHECKS, LIBRARIES, NO_GPU, check, correct, fail, first_line
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data, make_dataset

LR = 0.1  # the step's learning rate (4a) and the module's (4c): one wrong step moves the weights far beyond rounding
# 4b: the learning rate must bring the last epoch's mean loss below TARGET in EPOCHS epochs
EPOCHS, TARGET = (3, 0.05)
BATCH = TrainConfig().batch_size  # 4c: the course's batches of 10 rows, as in lessons 2-4
SHORT = 5  # 4c: the rows of an epoch's short last batch (25 rows in batches of 10), a size the exercise never promises
CPU, META = torch.device("cpu"), torch.device("meta")
TRAP = re.compile(
    r"Tensor on device \S+ is not on the expected device \S+!|Expected all tensors to be on the same "
    r"device[^\n]*"
)
DANGER_1, INSIDE = (
    '(lesson 4, "Danger 1: the device trap")',
    '(lesson 4, "The trap inside a LightningModule")',
)
PARTS = ("inputs (batch[0])", "targets (batch[1])")


# 4a's own words. mistakes.DEVICE is the shared frame: {error}, {device}, then {what} was observed and {fix}.
NAMES_THE_GPU = (
    'train_step names the GPU itself ("{error}"): it sends tensors to a GPU, not to `device`, the '
    "device each call is given; the loop puts the model on a laptop's CPU, a GPU, or the meta device "
    "here, and tells the step where with `device` "
    + DANGER_1
    + ". Fix: move the batch to the `device` "
    "argument, never to a device written in the step."
)
ON_THE_CPU_RUN = (
    'A tensor is on the wrong device: "{error}". With the model on the CPU and `device` the CPU, '
    "{what} " + DANGER_1 + ". Fix: {fix}"
)
RETURNS_NUMBER = (
    "train_step returns a Python number ({value:.4f}), what .item() gives: on a GPU, .item() makes the "
    'CPU wait for the GPU at every step, which the exercise asks to avoid (lesson 2, "The code": the '
    "loop keeps each step's loss as a tensor). Fix: return the loss tensor, detached from its graph, "
    "not a number."
)
RETURNS_ELSEWHERE = (
    "train_step returns the loss on {where}, while the model and the batch are on meta (standing in "
    "for a GPU): copying it off the device makes the CPU wait for the GPU at every step, as .item() "
    'does (lesson 2, "The code": the loop keeps each step\'s loss as a tensor, where it was '
    "computed). Fix: return the loss detached, where it was computed, without copying it."
)
MODEL_MOVED = (
    "train_step moves the model to {where}: the loop put it on `device` (meta here, standing in for a GPU) "
    "and made its optimizer for it there, and on a laptop or a GPU the step would train elsewhere than the "
    "loop asked "
    + DANGER_1
    + ". Fix: leave the model where it is; move only the batch, to `device`."
)
NUMPY_ON_DEVICE = (
    'On the meta device (standing in for a GPU) train_step turns a tensor into NumPy ("{error}"): '
    "NumPy holds only CPU memory, so on a GPU this stops as it does here "
    + DANGER_1
    + ". Fix: keep "
    "the step's tensors as tensors on `device`; return the loss detached instead of converting it."
)
ONLY_ON_META = (
    "On the meta device (standing in for a GPU) {who} raises {error}, which it does not raise on the "
    "CPU: what it does there depends on the device, so on a GPU it would stop too {section}. Fix: {fix}."
)
RUNNING_TOTAL = (
    "train_step returns {value:.4f} at step {step}, the sum of the losses of steps 1 to {step}, not this "
    'batch\'s loss {expected:.4f}: it carries a total over from earlier calls (lesson 2, "The code": '
    "the loop, not the step, keeps the losses). Fix: return only this batch's loss; leave adding them "
    "up to the caller."
)


@check
def check_device_step(train_step):
    """Exercise 4a: train_step(model, optimizer, batch, device) moves the batch to `device`, where the model is, does
    the five steps and returns the loss detached. Run on the CPU for 3 batches beside the reference (the five steps,
    the loss returned, the weights), then once with the model on the meta device, as on a GPU."""
    __tracebackhide__ = True
    reads = _steps_on_the_cpu(train_step)
    _step_on_meta(train_step, reads)
    correct(
        "train_step moves the batch to the device it is given (it runs with the model on the meta device as it "
        "would on a GPU), does the five steps, and returns the loss detached, where it was computed."
    )


def _steps_on_the_cpu(train_step):
    """3 batches, the model on the CPU and `device` the CPU, beside lesson 1's step. Returns the values the
    student's own code read in the first call (MetaReads), for the run on meta."""
    __tracebackhide__ = True
    model, reference = tiny_model(), tiny_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    watch, reads, losses = StepWatch(model, optimizer), MetaReads(), []
    try:
        for step, batch in enumerate(tiny_loader(), 1):
            x, y = batch
            broadcast = broadcast_loss(model, x, y)
            with (
                DeviceWatch(batch, CPU) as devices,
                reads if step == 1 else contextlib.nullcontext(),
                broadcasting_is_a_mistake(),
            ):
                try:
                    loss = train_step(model, optimizer, batch, CPU)
                except (RuntimeError, AssertionError) as error:
                    _name_the_device_mistake(devices, error, model)
                    raise
            losses.append(reference_step(reference, reference_optimizer, x, y))
            if watch.mistake():
                fail(watch.mistake())
            lr_changed(optimizer, LR, "train_step")
            value = _loss_value(loss)
            expected = losses[-1]
            if close(value, broadcast):
                fail(mistakes.BROADCAST.format(target=(len(y),), output=tuple(y.shape)))
            summed(value, expected, len(y), "train_step")
            if step > 1 and close(value, sum(losses)):
                fail(RUNNING_TOTAL.format(value=value, step=step, expected=expected))
            if not close(value, expected):
                fail(
                    f"train_step returns {value:.4f} at step {step}, but the mean squared error of the batch, before "
                    f'the step, is {expected:.4f} (lesson 1, "One step by hand"). Fix: return the loss the step '
                    "computed and stepped with: the mean squared error of the model's output against the targets."
                )
            gap = [
                (p, q)
                for p, q in zip(model.parameters(), reference.parameters())
                if not torch.allclose(p, q, rtol=1e-5, atol=1e-6)
            ]
            if gap:
                p, q = gap[0]
                fail(
                    f"After step {step} the weights differ from one SGD step on the batch's mean squared error "
                    f"(first weight {p.flatten()[0].item():.4f}, expected {q.flatten()[0].item():.4f}) (lesson 1, "
                    '"The same step with `nn` and `optim`"). Fix: one step of the optimizer you were given, on the '
                    "loss of this batch."
                )
    finally:
        watch.remove()
    return reads.values


def _loss_value(loss):
    """The float of what train_step returned, or its named mistake: a number, a graph, nothing, another shape."""
    __tracebackhide__ = True
    if isinstance(loss, numbers.Real) and not isinstance(loss, bool):
        fail(RETURNS_NUMBER.format(value=float(loss)))
    if loss is None:
        fail(
            'train_step returns nothing, so the loop has no loss to record (lesson 2, "The code"). Fix: return '
            "the batch's loss, detached from its graph."
        )
    if not isinstance(loss, torch.Tensor):
        kind = "a NumPy array" if type(loss).__module__ == "numpy" else f"a {type(loss).__name__}"
        fail(
            f'train_step returns {kind}, not the batch\'s loss as a tensor (lesson 2, "The code": the loop keeps '
            "each step's loss as a tensor, where it was computed). Fix: return the loss tensor, detached from its "
            "graph."
        )
    if loss.numel() != 1:
        fail(
            f"train_step returns a tensor of shape {tuple(loss.shape)}, not the batch's loss, one number (lesson 2, "
            '"The code"). Fix: return the mean loss of the batch, detached from its graph.'
        )
    if loss.requires_grad:
        fail(
            mistakes.RETURNS_GRAPH.format(
                who="train_step",
                fix="detach the loss from its graph before returning it (.detach())",
            )
        )
    return loss.item()


def _step_on_meta(train_step, reads):
    """One step with the model on the meta device, standing in for a GPU, and the batch on the CPU, as the loop
    hands it: names a device mistake only where DeviceWatch saw it."""
    __tracebackhide__ = True
    model = tiny_model().to(META)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    batch = next(iter(tiny_loader()))
    with DeviceWatch(batch, META) as devices, MetaReads(reads):
        try:
            loss = train_step(model, optimizer, batch, META)
        except NotImplementedError as error:
            if str(error).startswith("Exercise"):
                raise
            loss = None  # an operation torch has no meta version of: nothing to judge there, a GPU runs it
        except Exception as error:
            _name_the_device_mistake(devices, error, model)
            if not _meta_cannot(error):
                fail(
                    ONLY_ON_META.format(
                        who="train_step",
                        error=f'{type(error).__name__} ("{first_line(error)}")',
                        section=DANGER_1,
                        fix="make the line the error points at work whatever device `device` is",
                    )
                )
            loss = None  # meta cannot do everything a GPU does; what it cannot do is no mistake
    moved = [p.device for p in model.parameters() if p.device != META]
    if moved:
        fail(MODEL_MOVED.format(where=_named(moved[0])))
    if isinstance(loss, numbers.Real) and not isinstance(loss, bool):
        fail(RETURNS_NUMBER.format(value=float(loss)))
    if isinstance(loss, torch.Tensor) and loss.device != META:
        fail(RETURNS_ELSEWHERE.format(where=_named(loss.device)))


def _meta_cannot(error):
    """Whether an error is one of what the meta device cannot do and a GPU can (an operation without a meta version,
    a value that depends on the data), not a mistake."""
    return isinstance(error, NotImplementedError) or bool(
        re.search(r"(?i)\bmeta\b|data.dependent", str(error))
    )


def _name_the_device_mistake(devices, error, model):
    """Fails with 4a's words for the device mistake DeviceWatch saw; returns when it saw none."""
    __tracebackhide__ = True
    seen = devices.finding(error, model)
    if seen is None:
        return
    kind, part, where = seen
    trap, where = devices.trap(error), _named(where)
    if kind == "gpu":
        fail(NAMES_THE_GPU.format(error=first_line(error)))
    if kind == "model":
        fail(MODEL_MOVED.format(where=where))
    if kind == "numpy":
        fail(NUMPY_ON_DEVICE.format(error=first_line(error)))
    unmoved = [name for name in PARTS if not devices.sent_to(name, devices.device)]
    if kind == "not moved":
        if len(unmoved) == len(PARTS):
            what = "the batch is still on the CPU where the step uses it: nothing in train_step moves it to `device`"
        else:
            moved = next(name for name in PARTS if name not in unmoved)
            what = (
                f"the {part} are still on the CPU where the step uses them: train_step moves the {moved}, not "
                f"the {part}"
            )
        fix = "move every tensor of the batch to `device`, the argument train_step is given, before using it."
    elif kind == "copy dropped":
        what = (
            f"the {part} were moved with .to(), but the step went on with the original: .to() returns a moved "
            "copy and leaves the tensor it is called on where it was"
        )
        fix = "keep the tensor that .to() returns and use it in place of the original."
    elif kind == "moved elsewhere":
        what = (
            f"train_step moves the {part} to {where}, not to `device`, the device this call is given "
            f"({_named(devices.device)})"
        )
        fix = (
            "move the batch to the `device` argument of each call, not to a device written in the step or kept "
            "from an earlier call."
        )
    elif kind == "made, copy dropped":
        what = (
            f"train_step makes a tensor on {where} and sends it to `device` with .to(), but goes on with the "
            "original: .to() returns a moved copy and leaves the tensor it is called on where it was"
        )
        fix = "keep the tensor that .to() returns, or make the tensor on `device` from the start."
    elif kind == "made":
        if devices.device == META and where == "the CPU":
            fail(mistakes.NEW_TENSOR_ON_CPU.format(error=trap, device=META))
        what = f"train_step makes a tensor on {where}, not on `device` ({_named(devices.device)})"
        fix = "make every new tensor on `device`, or like a tensor of the moved batch."
    else:
        what = f"one operation gets tensors on {where} and on {devices.device}"
        fix = "send every tensor the step uses to `device`."
    if devices.device == META:
        fail(mistakes.DEVICE.format(error=trap, device=META, what=what, fix=fix))
    fail(ON_THE_CPU_RUN.format(error=trap, what=what, fix=fix))


class DeviceWatch(TorchFunctionMode):
    """While a student's code runs: where each tensor of the batch was sent, and the first operation that raised,
    with the tensors it got. `finding` then says what the failure proves, as (kind, part, device):
    ("gpu", ...) the code names a GPU; ("model", None, d) the model's weights were moved to d; ("not moved", part,
    d) a tensor of the batch never sent anywhere; ("copy dropped", part, d) sent to the device, but the original went
    on; ("moved elsewhere", part, d) sent to d, not to the device; ("attribute", name, d) a tensor kept on the module;
    ("made", None, d) a tensor the code made on d; ("numpy", ...) a tensor on the device turned into NumPy;
    ("mixed", None, d) devices met in a way none of these explains; None: no device mistake seen."""

    def __init__(self, batch, device, names=PARTS):
        super().__init__()
        self.device = torch.device(device)
        self.origin = {}  # id(tensor) -> (part of the batch it comes from, device it was sent to or None)
        self.kept = []  # every tensor in origin, kept alive so that no id is reused while the watch runs
        self.sent = {}  # part -> every device the code sent it to (or tried to)
        self.failure = None  # (function, tensors it got, error) of the first call that raised
        self.made_sent = {}  # id(tensor) -> tensor, for a tensor not of the batch that the code sent to the device
        for name, tensor in zip(names, batch):
            if isinstance(tensor, torch.Tensor):
                self._remember(tensor, name, None)

    def _remember(self, tensor, name, sent_to):
        self.origin[id(tensor)] = (name, sent_to)
        self.kept.append(tensor)

    def sent_to(self, name, device):
        return device in self.sent.get(name, [])

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is torch.Tensor.__format__ and args[0].device == META and args[0].dim() == 0:
            # f"{loss:.4f}": as on any other device (see MetaReads)
            return args[0].item().__format__(*args[1:])
        given = tensors_in(args) + tensors_in(kwargs)
        source = next((tensor for tensor in given if id(tensor) in self.origin), None)
        target = (
            _target_device(func, args, kwargs)
            if source is not None and args and args[0] is source
            else None
        )
        if target is not None:
            self.sent.setdefault(self.origin[id(source)][0], []).append(target)
        elif (
            source is None
            and args
            and isinstance(args[0], torch.Tensor)
            and _target_device(func, args, kwargs) == self.device
        ):
            # a tensor the code made, sent to the device: is the copy kept?
            self.made_sent[id(args[0])] = args[0]
        try:
            result = func(*args, **kwargs)
        except Exception as error:
            if self.failure is None:
                self.failure = (func, given, error)
            raise
        if source is not None:
            name, sent_to = self.origin[id(source)]
            for tensor in tensors_in(result):
                if tensor.device != source.device:
                    self.sent.setdefault(name, []).append(tensor.device)
                    self._remember(tensor, name, tensor.device)
                elif tensor is source and target is not None:
                    # .to(its own device) returns the tensor itself
                    self._remember(tensor, name, target)
                elif id(tensor) not in self.origin:
                    self._remember(tensor, name, sent_to)
        return result

    def trap(self, error):
        found = TRAP.search(str(error))
        return found.group(0) if found else first_line(error)

    def finding(self, error, model=None, module=None):
        if re.search(NO_GPU, str(error)):
            return "gpu", None, "cuda"
        trap = TRAP.search(str(error))
        if self.failure is None or self.failure[2] is not error:
            return ("mixed", None, "another device") if trap else None
        func, given, _ = self.failure
        if (
            getattr(func, "__name__", "") in ("numpy", "__array__")
            and given
            and given[0].device == META
        ):
            return "numpy", None, META
        stray = [
            tensor
            for tensor in given
            if tensor.device != self.device and not (tensor.device == CPU and tensor.dim() == 0)
        ]
        if any(tensor.device.type == "cuda" for tensor in stray):
            return "gpu", None, "cuda"
        if not trap:
            return None
        moved = [
            p.device
            for p in (model.parameters() if model is not None else [])
            if p.device != self.device
        ]
        if moved:
            return "model", None, moved[0]
        if not stray:
            return "mixed", None, "another device"
        tensor = stray[0]
        if id(tensor) in self.origin:
            name, sent_to = self.origin[id(tensor)]
            if sent_to is not None and sent_to != self.device:
                return "moved elsewhere", name, sent_to
            if self.sent_to(name, self.device):
                return "copy dropped", name, tensor.device
            elsewhere = [device for device in self.sent.get(name, []) if device != self.device]
            if elsewhere:
                return "moved elsewhere", name, elsewhere[0]
            return "not moved", name, tensor.device
        if module is not None:
            held = next((key for key, value in vars(module).items() if value is tensor), None)
            if held:
                return "attribute", held, tensor.device
        if self.made_sent.get(id(tensor)) is tensor:
            return "made, copy dropped", None, tensor.device
        return "made", None, tensor.device


def _named(device):
    """A device as a message names it: "the CPU", "meta", "cuda:0"."""
    try:
        return "the CPU" if torch.device(device) == CPU else str(device)
    except (RuntimeError, TypeError):
        return str(device)


def _target_device(func, args, kwargs):
    """The device a call on a tensor sends it to, when the call names one: .to(device), .to(other), .cuda(),
    .cpu(), .type("torch.cuda.FloatTensor")."""
    name = getattr(func, "__name__", "")
    if name == "cuda":
        return torch.device("cuda")
    if name == "cpu":
        return CPU
    if name == "type" and len(args) > 1 and "cuda" in str(args[1]):
        return torch.device("cuda")
    if name != "to":
        return None
    for value in [kwargs.get("device"), *args[1:]]:
        if isinstance(value, torch.Tensor):
            return value.device
        if isinstance(value, (torch.device, str, int)) and not isinstance(value, bool):
            try:
                return torch.device(value)
            except RuntimeError:
                return None
    return None


class MetaReads(TorchDispatchMode):
    """Meta tensors hold no values. Used around a call on the CPU, records every value the student's own code reads
    (.item(), float(), bool(), f"{loss:.4f}", torch.equal; the checks' own reads are left out); used with those values
    around the same call on meta, answers each read there with the value it gave on the CPU (False or 0 beyond them),
    and a copy to the CPU (.cpu(), .tolist()) with zeros."""

    READS = (torch.ops.aten._local_scalar_dense.default, torch.ops.aten.equal.default)

    def __init__(self, values=None):
        super().__init__()
        self.recording = values is None
        self.values = [] if values is None else list(values)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func in self.READS and not _read_by_a_check():
            on_meta = any(tensor.device == META for tensor in tensors_in(args))
            if self.recording:
                value = func(*args, **kwargs)
                self.values.append(value)
                return value
            value = self.values.pop(0) if self.values else None
            if not on_meta:
                return func(*args, **kwargs)
            if value is None:
                dtype = args[0].dtype if func is self.READS[0] else torch.bool
                value = False if dtype == torch.bool else 0.0 if dtype.is_floating_point else 0
            return value
        if (
            func is torch.ops.aten._to_copy.default
            and args[0].device == META
            and not self.recording
        ):
            device = torch.device(kwargs.get("device") or META)
            if device != META:
                return torch.zeros(
                    args[0].shape, dtype=kwargs.get("dtype") or args[0].dtype, device=device
                )
        return func(*args, **kwargs)


# the watches' own frames, in this file
WATCHES = ("__torch_function__", "__torch_dispatch__", "_read_by_a_check")


def _read_by_a_check():
    """Whether the Python code that read a value is a check's (StepWatch's hooks, say), not the student's: the
    first frame outside torch, Lightning and this module's watches decides."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_filename != __file__ or code.co_name not in WATCHES:
            filename = code.co_filename
            if filename.startswith(CHECKS):
                return True
            if not filename.startswith(LIBRARIES):
                return False
        frame = frame.f_back
    return False


@check
def check_learning_rate(lr):
    """Exercise 4b: a learning rate that brings the course's task (100 rows, batches of 10, Regressor(10), SGD) below
    a mean loss of TARGET in its last of EPOCHS epochs, without exploding."""
    __tracebackhide__ = True
    section = '(lesson 1, "The same step with `nn` and `optim`": SGD\'s lr is one number)'
    if isinstance(lr, str):
        fail(
            f"lr is the string {lr!r}, not a number {section}. Fix: write the number without quotes."
        )
    if (
        isinstance(lr, torch.Tensor)
        and lr.numel() == 1
        or type(lr).__module__ == "numpy"
        and np.size(lr) == 1
    ):
        lr = lr.item()  # a one-element tensor or NumPy array
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        why = (
            " (a trailing comma makes a tuple)"
            if isinstance(lr, tuple) and len(lr) == 1
            else ": one rate, not several to choose from"
            if isinstance(lr, (list, tuple, set, dict))
            else ""
        )
        fail(
            f"lr is {lr!r}, a {type(lr).__name__} {section}. Fix: make lr one number above 0{why}."
        )
    lr = float(lr)
    if not lr > 0 or not math.isfinite(lr):
        fail(
            f'lr is {lr:g}: the step must go downhill by a finite amount (lesson 1, "One step by hand": the '
            "weights move by minus lr times the gradient). Fix: a number above 0."
        )
    losses = _train(lr)
    broken = next((step for step, loss in enumerate(losses, 1) if not math.isfinite(loss)), None)
    if broken or losses[-1] > 10 * losses[0]:
        step = broken or len(losses)
        fail(mistakes.EXPLODES.format(lr=lr, first=losses[0], last=losses[step - 1], step=step))
    epoch_loss = _last_epoch(losses)
    if epoch_loss > TARGET:
        smaller, larger = _last_epoch(_train(lr / 3)), _last_epoch(_train(lr * 3))
        falling = epoch_loss < _last_epoch(losses[:-10])
        if smaller < min(epoch_loss, larger):
            why = (
                "a smaller rate ends lower: the steps are too large, each one overshoots the minimum",
                "smaller",
            )
        else:
            why = (
                "a larger rate ends lower"
                + (" and the loss is still falling" if falling else "")
                + ": the steps are too small",
                "larger",
            )
        fail(
            f"With lr={lr:g} the last of {EPOCHS} epochs has a mean loss of {epoch_loss:.4f}, above {TARGET}, and "
            f'{why[0]} (lesson 1, "One step by hand"). Fix: try a {why[1]} learning rate, a few times '
            f"{why[1]} at a time."
        )
    correct(
        f"with lr={lr:g} the loss falls to {epoch_loss:.4f} in {EPOCHS} epochs, without exploding."
    )


def _last_epoch(losses):
    # 10 batches
    return sum(losses[-10:]) / 10 if all(math.isfinite(loss) for loss in losses) else math.inf


def _train(lr):
    """The course's task (100 rows, batches of 10, Regressor(10), SGD): the per-step losses of EPOCHS epochs."""
    config = TrainConfig(lr=lr, epochs=EPOCHS)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size)
    torch.manual_seed(config.seed)
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    return [reference_step(model, optimizer, x, y) for _ in range(EPOCHS) for x, y in train_loader]


# 4c's own words.
LIT_NAMES_THE_GPU = (
    'training_step names the GPU itself ("{error}"): it makes a tensor on a GPU of its own '
    "choosing, but the Trainer chooses the device (a laptop's CPU, a GPU, meta here) and puts the "
    "module and the batch there "
    + INSIDE
    + ". Fix: make the weights on the batch's device, whatever "
    "that is, never on a device written in the step."
)
LIT_MADE_ELSEWHERE = (
    "training_step makes a tensor on {made} while the module and the batch are on {where}: PyTorch "
    'stops with "{error}"{stand_in} ' + INSIDE + ": the Trainer moves the module and the batch, "
    "not a tensor training_step makes. Fix: make the weights on the batch's device: the module "
    "knows where the Trainer put it (self.device), and so does every tensor of the batch."
)
LIT_MOVES_THE_BATCH = (
    "training_step sends the {part} to {made} while the module is on {where}: PyTorch stops with "
    '"{error}"{stand_in} ' + INSIDE + ": the Trainer already put the batch where the module "
    "is. Fix: use the batch where it is; make the weights there too."
)
LIT_ATTRIBUTE = (
    "self.{name} is a tensor kept as a plain attribute{when}: module.to(device), which the Trainer "
    "calls, moves parameters and buffers only, so it stayed on {made} while the module and the batch went "
    'to {where}{stand_in}: "{error}" ' + INSIDE + ". Fix: {fix}"
)
LIT_COPY_DROPPED = (
    "training_step makes a tensor on {made} and sends it to {where} with .to(), but goes on with the "
    "original: .to() returns a moved copy and leaves the tensor it is called on where it was; "
    'PyTorch stops with "{error}"{stand_in} ' + INSIDE + ". Fix: keep the tensor .to() returns, or "
    "make the weights on the batch's device from the start."
)
LIT_MIXED = (
    'training_step mixes devices with the module and the batch on {where}: PyTorch stops with "{error}"'
    "{stand_in} "
    + INSIDE
    + ": the Trainer moves the module and the batch, nothing else. Fix: make every "
    "tensor training_step uses on the batch's device."
)
LIT_NEW_STATE = (
    "training_step adds {kind} self.{name} to the module at every call: {why} " + INSIDE + ": a "
    "buffer belongs in __init__. Fix: keep the weights a tensor local to training_step, or register "
    "them once in __init__."
)
LIT_SIZE = (
    "On a batch of {short} rows (an epoch's last batch is shorter when the rows do not divide evenly) "
    "training_step {what}, though it runs on a batch of {full}: a size in it does not follow the batch "
    + INSIDE
    + ": one weight per row of the batch it is given. Fix: size the weights from the batch "
    "training_step is given, not from a number or an earlier batch."
)
LIT_SIZE_ANY = (
    'On a batch of {rows} rows training_step raises "{error}": a size in it does not follow the batch '
    + INSIDE
    + ": one weight per row of the batch it is given, whatever the batch size and the number of "
    "features. Fix: size the weights from the batch training_step is given, not from a number or a "
    "hyperparameter."
)
LIT_DTYPE = (
    "training_step returns a {got} loss, but the batch and the model are {want}: the weights are made in "
    "{got}, so every operation with them runs in {got} (slower on a GPU, and not the plain mean squared "
    "error's dtype) "
    + INSIDE
    + ": .type_as gives a new tensor the batch's device and dtype. Fix: make the "
    "weights in the batch's dtype as well as on its device."
)
LIT_CALLS_BACKWARD = (
    "training_step calls backward itself: after one call the weights hold gradients, but the "
    "Trainer calls backward on the loss training_step returns, with zero grad before and the step "
    'after, so backward would run twice on one graph (lesson 3, "What moved where"). Fix: return '
    "the loss and leave zero grad, backward and step to the Trainer."
)
LIT_VALUE = (
    "training_step returns {value:.4f} on a batch of {rows} rows, but with every row's weight 1 the loss is "
    "the plain mean squared error, {expected:.4f} "
    + INSIDE
    + ": every weight is 1. Fix: make every weight "
    "1, one per row, and return the mean of the weighted squared errors."
)
LIT_EMPTY = (
    "training_step returns nan when the memory torch.empty hands out holds NaN, {ones:.4f} when it holds 1 "
    "and {twos:.4f} when it holds 2: its weights are made without values (torch.empty and empty_like give "
    "memory as they find it) "
    + INSIDE
    + ": every weight is 1. Fix: make weights that hold 1, made where "
    "the batch is."
)


@check
def check_device_trap(LitRegressor):
    """Exercise 4c: a training_step that weighs each row's squared error by 1, as course/device_trap.py's Broken
    does, with its weights made where the batch is. Called with batches of the course's size, 10 rows, on the CPU
    (the loss, its dtype, what it adds to the module), then on a short batch of 5 rows (the exercise promises no
    size), with a fresh module and the batch on the meta device (a GPU's stand-in), and with the first module moved
    there after its calls; then trained for 3 epochs in a Trainer against the plain mean squared error."""
    __tracebackhide__ = True
    loader = DataLoader(_rows(2 * BATCH + SHORT), batch_size=BATCH)
    batches = list(loader)
    full, short = batches[0], batches[-1]
    torch.manual_seed(0)
    module = LitRegressor(N_FEATURES, LR)
    reference = Regressor(N_FEATURES)
    reference.load_state_dict(module.model.state_dict())
    before = _state_names(module)
    reads = MetaReads()
    with reads, EmptyFilled(math.nan):
        loss = _call(module, full, CPU)
    _judge_loss(loss, module, full, before)
    _judge_short_batch(module, short)
    _call(LitRegressor(N_FEATURES, LR).to(META), [t.to(META) for t in full], META, reads.values)
    _call(module.to(META), [t.to(META) for t in full], META, reads.values, before=before)
    torch.manual_seed(0)
    module = LitRegressor(N_FEATURES, LR)
    reference.load_state_dict(module.model.state_dict())
    _fit_both(module, reference, loader)
    gap = [
        (p, q)
        for p, q in zip(module.model.parameters(), reference.parameters())
        if not torch.allclose(p, q, rtol=1e-5, atol=1e-6)
    ]
    if gap:
        p, q = gap[0]
        fail(
            f"After {EPOCHS} epochs in the Trainer the weights differ from the plain mean squared error's (first "
            f"weight {p.flatten()[0].item():.4f}, expected {q.flatten()[0].item():.4f}), though one call of "
            "training_step gives its loss "
            + INSIDE
            + ". Fix: weigh every row by 1 at every step, and return the "
            "weighted mean itself, the tensor with its graph."
        )
    correct(
        "training_step makes its weights where the batch is: it runs with the module and the batch on the meta "
        "device, as on a GPU, follows the batch's size, and trains exactly as the plain mean squared error does."
    )


def _rows(n):
    X, y, _, _ = make_data(TrainConfig(n_samples=n, n_features=N_FEATURES))
    return make_dataset(X, y)


def _state_names(module):
    return {
        "parameter": {name for name, _ in module.named_parameters()},
        "buffer": {name for name, _ in module.named_buffers()},
        "attribute": {
            name for name, value in vars(module).items() if isinstance(value, torch.Tensor)
        },
    }


def _call(module, batch, device, reads=None, before=None):
    """One training_step, as the Trainer calls it, with the module and the batch on `device`: on the CPU with the
    values the student's code reads recorded; on meta with them answered, where a device mistake is named."""
    __tracebackhide__ = True
    with (
        _bare(module),
        DeviceWatch(batch, device) as devices,
        MetaReads(reads) if reads is not None else contextlib.nullcontext(),
    ):
        try:
            return module.training_step(batch, 0)
        except NotImplementedError as error:
            if str(error).startswith("Exercise") or device != META:
                raise
            return None  # an operation torch has no meta version of: a GPU runs it
        except Exception as error:
            _name_the_trap(devices, error, module, before)
            if isinstance(error, RuntimeError) and re.search(
                r"size of tensor|must match|shape", str(error)
            ):
                fail(LIT_SIZE_ANY.format(rows=len(batch[1]), error=first_line(error)))
            if device != META:
                raise
            if not _meta_cannot(error):
                fail(
                    ONLY_ON_META.format(
                        who="training_step",
                        error=f'{type(error).__name__} ("{first_line(error)}")',
                        section=INSIDE,
                        fix="make the line the error points at work whatever "
                        "device the Trainer puts the module and the batch on",
                    )
                )
            return None  # meta cannot do everything a GPU does; what it cannot do is no mistake


def _name_the_trap(devices, error, module, before):
    """Fails with 4c's words for the device mistake DeviceWatch saw; returns when it saw none."""
    __tracebackhide__ = True
    seen = devices.finding(error, module=module)
    if seen is None:
        return
    kind, part, made = seen
    trap, where, made = devices.trap(error), _named(devices.device), _named(made)
    stand_in = " (the meta device stands in for a GPU)" if devices.device == META else ""
    if kind == "gpu":
        fail(LIT_NAMES_THE_GPU.format(error=first_line(error)))
    if kind == "attribute":
        if before is not None and part not in before["attribute"]:
            when, fix = (
                " that an earlier training_step made",
                "make the weights anew in every training_step, "
                "where that batch is, instead of keeping them on the module.",
            )
        else:
            when, fix = (
                "",
                "register it as a buffer in __init__ (self.register_buffer), which moves with the module.",
            )
        fail(
            LIT_ATTRIBUTE.format(
                name=part, when=when, made=made, where=where, error=trap, stand_in=stand_in, fix=fix
            )
        )
    if kind in ("moved elsewhere", "copy dropped", "not moved"):
        fail(
            LIT_MOVES_THE_BATCH.format(
                part=part, made=made, where=where, error=trap, stand_in=stand_in
            )
        )
    if kind == "made, copy dropped":
        fail(LIT_COPY_DROPPED.format(made=made, where=where, error=trap, stand_in=stand_in))
    if kind == "made":
        fail(LIT_MADE_ELSEWHERE.format(made=made, where=where, error=trap, stand_in=stand_in))
    fail(LIT_MIXED.format(where=where, error=trap, stand_in=stand_in))


@contextlib.contextmanager
def _bare(module):
    """What a Trainer gives training_step when the check calls it itself: self.trainer (a Trainer, not fitting) and
    a self.log that records nothing (outside a fit there is nowhere to log to)."""
    trainer = lightning_trainer()
    module.trainer = trainer
    module.log = module.log_dict = lambda *args, **kwargs: None
    try:
        with lightning_warnings_ignored():
            yield
    finally:
        del module.log, module.log_dict
        module.trainer = None


def _judge_loss(loss, module, batch, before):
    """What one training_step on the CPU returned and did: a loss tensor with its graph, in float32, the plain mean
    squared error; no parameter or buffer added to the module."""
    __tracebackhide__ = True
    x, y = batch
    if any(parameter.grad is not None for parameter in module.parameters()):
        fail(LIT_CALLS_BACKWARD)
    after = _state_names(module)
    for kind in ("parameter", "buffer"):
        added = sorted(after[kind] - before[kind])
        if added:
            why = (
                "the optimizer, made before from self.parameters(), never steps it, and every checkpoint gains it"
                if kind == "parameter"
                else "every checkpoint gains it, with the size of one batch"
            )
            fail(LIT_NEW_STATE.format(kind=f"a {kind}", name=added[0], why=why))
    loss = training_step_loss(loss)
    with torch.no_grad():
        expected = F.mse_loss(module.model(x), y).item()
    value = loss.item()
    if math.isnan(value) and not math.isnan(expected):
        again = []
        for fill in (1.0, 2.0):
            with EmptyFilled(fill), _bare(module):
                again.append(module.training_step(batch, 0))
        if all(isinstance(other, torch.Tensor) for other in again) and not close(
            again[0].item(), again[1].item()
        ):
            fail(LIT_EMPTY.format(ones=again[0].item(), twos=again[1].item()))
    summed(value, expected, len(y), "training_step")
    if not close(value, expected):
        fail(LIT_VALUE.format(value=value, rows=len(y), expected=expected))
    if loss.dtype != y.dtype:
        fail(
            LIT_DTYPE.format(
                got=str(loss.dtype).replace("torch.", ""), want=str(y.dtype).replace("torch.", "")
            )
        )


def _judge_short_batch(module, batch):
    """A second call on the same module, with a batch of SHORT rows: what training_step makes must follow the
    batch's size."""
    __tracebackhide__ = True
    x, y = batch
    try:
        with _bare(module):
            loss = module.training_step(batch, 1)
    except RuntimeError as error:
        if re.search(r"size of tensor|must match|shape", str(error)):
            fail(LIT_SIZE.format(short=len(y), full=BATCH, what=f'raises "{first_line(error)}"'))
        raise
    with torch.no_grad():
        expected = F.mse_loss(module.model(x), y).item()
    value = (loss["loss"] if isinstance(loss, dict) else loss).item()
    if not close(value, expected):
        fail(
            LIT_SIZE.format(
                short=len(y),
                full=BATCH,
                what=f"returns {value:.4f}, not the plain mean squared error {expected:.4f}",
            )
        )


class EmptyFilled(TorchDispatchMode):
    """Inside this mode, memory handed out uninitialised (torch.empty, empty_like, new_empty) holds `value`, so that
    a result that depends on it shows: code that writes it before reading it is not changed."""

    EMPTY = (
        torch.ops.aten.empty.memory_format,
        torch.ops.aten.empty_like.default,
        torch.ops.aten.new_empty.default,
        torch.ops.aten.empty_strided.default,
    )

    def __init__(self, value):
        super().__init__()
        self.value = value

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        if func in self.EMPTY and result.dtype.is_floating_point and result.device != META:
            result.fill_(self.value)
        return result


def _fit_both(module, reference, loader):
    """Trains the student's module in a Trainer and the reference by the five steps by hand: EPOCHS epochs of the
    same batches of 10, 10 and 5 rows, SGD(lr=LR)."""
    __tracebackhide__ = True
    with lightning_warnings_ignored(), broadcasting_is_a_mistake():
        lightning_trainer(max_epochs=EPOCHS).fit(module, loader)
    optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    for _ in range(EPOCHS):
        for x, y in loader:
            reference_step(reference, optimizer, x, y)
