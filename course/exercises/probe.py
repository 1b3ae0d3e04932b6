"""How the checks watch a student's code run: tiny data, tiny models, and hooks that record what happened."""
import contextlib
import numbers
import re
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
    return all(torch.allclose(p, q, rtol=1e-5, atol=1e-6) for p, q in zip(a.parameters(), b.parameters()))


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
        fail(f"{who} returns nothing, so its caller has no loss to record (lesson 2, \"The code\"). Fix: {fix}.")
    what = f"a tensor of shape {tuple(value.shape)}" if isinstance(value, torch.Tensor) else f"a {type(value).__name__}"
    fail(f"{who} returns {what}, not the loss of the batch, one number (lesson 2, \"The code\"). Fix: {fix}.")


def lr_changed(optimizer, lr, who):
    """Fails when the student's code changed the learning rate of the optimizer it was given."""
    __tracebackhide__ = True
    rates = [group["lr"] for group in optimizer.param_groups]
    if any(rate != lr for rate in rates):
        fail(f"{who} changes the optimizer's learning rate (from {lr} to {rates[0]:.3g}): the optimizer you were "
             "given comes with its settings, and a schedule belongs to the code that owns the optimizer (lesson 7, "
             "\"Learning-rate schedulers\"). Fix: leave its param_groups alone; only clear its gradients and step.")


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
def broadcasting_is_a_mistake():
    """PyTorch only warns when F.mse_loss broadcasts; inside this block the warning is a named mistake."""
    __tracebackhide__ = True
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*broadcasting", category=UserWarning)
        try:
            yield
        except UserWarning as warning:
            if "broadcasting" not in str(warning):
                raise
            target, output = (tuple(int(n) for n in size.split(",") if n.strip())
                              for size in re.findall(r"torch\.Size\(\[([\d, ]*)\]\)", str(warning)))
            fail(mistakes.BROADCAST.format(target=target, output=output))


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
    """Records, in order, each backward (onto cleared or stale gradients) and each optimizer step (with or without
    gradients) while a student's code runs: enough to name steps done in the wrong order, twice, or elsewhere."""

    def __init__(self, model, optimizer):
        self.events = []  # ("backward", gradients were cleared before it) or ("step", there were gradients)
        self.params = list(model.parameters())
        self.before = [p.detach().clone() for p in self.params]
        self.handles = [self.params[0].register_hook(self._on_backward),  # runs before the gradient is added
                        optimizer.register_step_pre_hook(self._on_step)]

    def _on_backward(self, grad):
        stale = self.params[0].grad
        self.events.append(("backward", stale is None or not stale.any()))

    def _on_step(self, optimizer, args, kwargs):
        self.events.append(("step", any(p.grad is not None and bool(p.grad.any()) for p in self.params)))

    def mistake(self):
        """The first mistake the events show, as its message; None when every step ran in order."""
        kinds = [kind for kind, _ in self.events]
        if "step" not in kinds:
            changed = any(not torch.equal(p.detach(), q) for p, q in zip(self.params, self.before))
            return mistakes.STEPPED_ELSEWHERE if changed else mistakes.NO_BACKWARD if "backward" not in kinds \
                else mistakes.NO_STEP
        if "backward" not in kinds:
            return mistakes.NO_BACKWARD
        if kinds[0] == "step":
            return mistakes.STEP_BEFORE_BACKWARD
        for (kind, cleared), (previous, _) in zip(self.events[1:], self.events):
            if kind == "backward" and not cleared:
                return mistakes.BACKWARD_TWICE if previous == "backward" else mistakes.ZERO_GRAD
            if kind == "step" == previous:
                return mistakes.STEP_TWICE
        if not all(ok for kind, ok in self.events if kind == "step"):
            return mistakes.ZERO_GRAD_TOO_LATE
        return None

    def remove(self):
        for handle in self.handles:
            handle.remove()
