"""Checks for exercise 2 (lesson 2, the vanilla loop, with lesson 5's validation): training epochs, and a validation
pass.

Both checks judge what the student's code does, beside the reference run on the same data:
- train_epoch runs for 3 epochs on a model with dropout that arrives in eval mode before each (as a validation pass
  leaves it), with SGD with momentum, so that a new optimizer or weights changed elsewhere change the numbers; then
  once more with a fresh model, optimizer and loader of another batch size, so that state kept between calls shows.
  Every call's losses and weights are compared with the five steps on each batch; what it returns must be numbers
  without a graph, and each step's autograd graph must be freed by the step after next (a loss, or a total of losses,
  kept as a tensor keeps every graph alive).
- evaluate is called twice, on two models and two loaders, so that a total kept between calls shows; its forward
  passes must run in eval mode and build no graph, and the model must come back with its weights and its
  requires_grad flags as they were.
- Each function is then called once more on a machine that seems to have a GPU (probe.gpu_on_meta), with the model on
  the CPU: a batch sent to the GPU while the model stays on the CPU is the device trap. The other runs pretend there
  is no GPU (probe.no_gpu), so a laptop and a GPU machine give the same verdict.
The dropout's masks depend on the batch alone, not on the global random state, so a student's extra random draws (a
debugging peek at a new iterator) change nothing. A named mistake is one the observations prove; other differences
are reported as what differs and where.
"""

import copy
import gc
import weakref

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.probe import (
    StepWatch,
    as_number,
    broadcasting_is_a_mistake,
    close,
    gpu_on_meta,
    lr_changed,
    no_gpu,
    reference_step,
    same_weights,
    summed,
    tiny_loader,
    tiny_model,
)
from course.exercises.verdict import check, correct, fail

LR, MOMENTUM, EPOCHS = 0.1, 0.5, 3
LOOP = '(lesson 2, "The code")'
VALIDATION = '(lesson 5, "Validation and metrics")'
GRAPHS_KEPT = (
    "Graphs kept from step to step: in train_epoch, at step {now} the graph of step {then} was still "
    "in memory, so memory grows with every batch (a loss, or a total of losses, kept as a tensor with its "
    "graph) "
    + LOOP
    + ". Fix: keep numbers across steps, not tensors: take .item() (or .detach()) of "
    "a loss before you store it or add it up."
)
GRAPHS_KEPT_AFTER = (
    "Graphs kept after the call: train_epoch returns numbers, but the graph of step {then} is "
    "still in memory after it returned, held outside the function (a list or a total at module "
    "level, or a default argument) " + LOOP + ". Fix: keep numbers, not tensors: take .item() (or "
    ".detach()) of a loss before you store it or add it up."
)
GPU_BATCH = (
    "The batch goes to a GPU the model is not on: on a machine with a GPU, {who} sends the batch to the GPU "
    'while the model it was given stays on the CPU, so the forward pass crashes there (lesson 4, "Danger '
    "1: the device trap\"). Fix: send the batch to the device the model's parameters are on (or leave it "
    "where the loader put it)."
)
FROZEN = (
    "Parameters left frozen: evaluate switches the model's requires_grad off and leaves it off, so the next "
    "training epoch's backward finds no graph; autograd is off for the validation alone "
    + VALIDATION
    + ". Fix: leave the parameters' requires_grad as it was; switch autograd off around the validation with "
    "torch.no_grad() or torch.inference_mode()."
)


@check
def check_train_epoch(train_epoch):
    """Exercise 2a: train_epoch(model, optimizer, train_loader) trains one epoch, returns the per-step losses."""
    __tracebackhide__ = True
    history = []  # what each call returned, as it was when it returned
    loader = tiny_loader()  # 12 rows in 3 batches of 4
    _train_run(train_epoch, tiny_model(dropout=True), [loader] * EPOCHS, history)
    other = DataLoader(tiny_loader(data_seed=2).dataset, batch_size=3)  # other rows, 4 batches of 3
    _train_run(train_epoch, tiny_model(dropout=True, seed=1), [other], history)
    if _batch_sent_to_the_gpu(
        lambda model: train_epoch(model, torch.optim.SGD(model.parameters(), lr=LR), tiny_loader())
    ):
        fail(GPU_BATCH.format(who="train_epoch"))
    correct(
        f"train_epoch trains in training mode and does the five steps on every batch, in order: the same losses "
        f"and weights as the reference for {EPOCHS} epochs with a validation's eval mode before each, then on "
        "other batches with a fresh model; it keeps numbers, not graphs."
    )


def _train_run(train_epoch, model, loaders, history):
    """One training run, one call per loader, beside the reference; fails at the first difference."""
    __tracebackhide__ = True
    reference = copy.deepcopy(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR, momentum=MOMENTUM)
    steps = StepWatch(model, optimizer)
    try:
        for epoch, train_loader in enumerate(loaders, 1):
            model.eval()  # as the validation pass after every epoch leaves it
            watch = _EpochWatch(model, optimizer)
            try:
                with no_gpu(), broadcasting_is_a_mistake():
                    losses = train_epoch(model, optimizer, train_loader)
            finally:
                watch.remove()
            expected = [
                reference_step(reference, reference_optimizer, x, y) for x, y in train_loader
            ]
            values = _judge_call(losses, watch, train_loader, optimizer, history, epoch)
            history.append(list(values))
            weights_right = same_weights(model, reference)
            if not weights_right or not all(
                close(value, want) for value, want in zip(values, expected)
            ):
                _name_the_difference(
                    values,
                    expected,
                    weights_right,
                    steps,
                    history,
                    epoch,
                    len(next(iter(train_loader))[0]),
                )
    finally:
        steps.remove()


def _judge_call(losses, watch, train_loader, optimizer, history, epoch):
    """What one call did and returned, before any number is compared: the list of its losses as floats."""
    __tracebackhide__ = True
    batches = len(train_loader)
    if not watch.forwards:
        fail(
            "The model is never called: train_epoch never calls it, so nothing trains "
            + LOOP
            + ". Fix: do the "
            "five steps of lesson 1 on every batch the loader gives."
        )
    if not all(training for training, builds_graph, _ in watch.forwards if builds_graph):
        if epoch == 1:
            fail(mistakes.NO_TRAIN)
        fail(
            f"Training in eval mode from epoch {epoch}: train_epoch trained in training mode before, but the model "
            "arrives in eval mode before every epoch, after a validation "
            + VALIDATION
            + ". Fix: put the model in "
            "training mode at the start of every call, not only the first."
        )
    lr_changed(optimizer, LR, "train_epoch")
    if isinstance(losses, (torch.Tensor, np.ndarray)) and losses.ndim == 1:
        losses = list(losses)
    if not isinstance(losses, (list, tuple)):
        fail(
            f"Not a list of losses: train_epoch returns {_what(losses)}, not one loss per batch, the list its "
            "caller averages and plots "
            + LOOP
            + ". Fix: record each step's loss as a number, and return them all, "
            "in order, as a list."
        )
    previous = history[-1] if history else None
    if (
        previous
        and len(losses) > len(previous)
        and _numbers_or_none(losses[: len(previous)]) == previous
    ):
        fail(
            f"A list kept between calls: on call {len(history) + 1} train_epoch returns {len(losses)} "
            f"losses for {batches} batches, the list of the call before grown longer (a default argument, or a list "
            "made outside the function) "
            + LOOP
            + ". Fix: make a new, empty list at the start of every call."
        )
    if len(losses) != batches:
        # forward passes that train
        trained = [rows for _, builds_graph, rows in watch.forwards if builds_graph]
        if len(trained) == len(losses) < batches:
            fail(
                f"The epoch stops early: train_epoch trains on {len(trained)} of the {batches} batches, then "
                "returns "
                + LOOP
                + ". Fix: go through every batch the loader gives before you return the losses."
            )
        if len(trained) == batches:
            fail(
                f"Not one loss per step: train_epoch trains on all {batches} batches but returns {len(losses)} "
                "losses " + LOOP + ". Fix: record each step's own loss once, right after that step."
            )
        sizes = " or ".join(str(size) for size in sorted(set(trained)))
        fail(
            f"Not one step per batch: train_epoch runs the model {_times(len(trained))}, on {sizes} "
            f"row{'' if set(trained) == {1} else 's'} at a time, and returns {len(losses)} losses, but train_loader "
            f"has {batches} batches of {len(next(iter(train_loader))[0])} rows "
            + LOOP
            + ". Fix: do the five steps "
            "once for each batch the loader gives, on the whole batch."
        )
    values = [
        as_number(loss, "train_epoch", "record each step's loss as a number, its .item()")
        for loss in losses
    ]
    if watch.kept:
        fail(GRAPHS_KEPT.format(then=watch.kept[0], now=watch.kept[1]))
    kept = watch.kept_after_return()
    if kept:
        fail(GRAPHS_KEPT_AFTER.format(then=kept))
    return values


def _name_the_difference(values, expected, weights_right, steps, history, epoch, rows):
    """Fails with the mistake the observations prove, or with what differs and where. Right weights with wrong
    losses prove the training right and the recording wrong."""
    __tracebackhide__ = True
    where = f"in epoch {epoch}" if len(history) <= EPOCHS else "on a fresh model with batches of 3"
    first = next(
        (
            index
            for index, (value, want) in enumerate(zip(values, expected))
            if not close(value, want)
        ),
        None,
    )
    if not weights_right:
        if steps.mistake():
            fail(steps.mistake())
        if first is None:
            fail(
                f"The weights differ from the five steps: the losses are right, but {where} the weights are not "
                'those of the five steps on each batch, so something else changes them too (lesson 1, "The same '
                'step with `nn` and `optim`"). Fix: let only the optimizer you were given change the weights, one '
                "step per batch, after the backward pass."
            )
        summed(values[first], expected[first], rows, "train_epoch")
        before = " (the losses before it match)" if first else ""
        fail(
            f"The losses differ from the five steps: {where}, at step {first + 1}, train_epoch's loss is "
            f"{values[first]:.4f}, but the five steps on that batch give {expected[first]:.4f}{before}; all of them: "
            f"{_rounded(values)} instead of {_rounded(expected)}. Fix: do the five steps of lesson 1 on each batch "
            "as it comes, with the model and optimizer you were given, and record each step's own loss."
        )
    own = (
        f"not the step's own loss ({_rounded(expected)}), while the weights show the steps are right "
        + LOOP
    )
    running = _running_totals(expected)
    if all(close(value, total) for value, total in zip(values, running)):
        fail(
            f"A running total, not each step's loss: {where} train_epoch returns {_rounded(values)}, each the total "
            f"of the step losses so far, {own}. Fix: record each step's own loss; adding them up is the caller's "
            "business."
        )
    if all(
        close(value, total / count) for count, (value, total) in enumerate(zip(values, running), 1)
    ):
        fail(
            f"A running mean, not each step's loss: {where} train_epoch returns {_rounded(values)}, each the mean of "
            f"the step losses so far, {own}. Fix: record each step's own loss; averaging them is the caller's "
            "business."
        )
    factor = values[first] / expected[first] if expected[first] else None
    if factor and all(close(value, factor * want) for value, want in zip(values, expected)):
        times = (
            f"{rows} times (the rows in a batch)" if close(factor, rows) else f"{factor:.4g} times"
        )
        fail(
            f"The recorded losses are scaled: {where} each loss train_epoch returns is {times} the step's own loss: "
            f"{_rounded(values)} instead of {_rounded(expected)}, while the weights show the steps are right "
            + LOOP
            + ". Fix: record the loss each step computed, as it is."
        )
    fail(
        f"The recorded losses are not the steps' losses: the weights show the steps are right, but "
        f"{where}, at step {first + 1}, train_epoch returns {values[first]:.4f} where that step's loss is "
        f"{expected[first]:.4f}; all of them: {_rounded(values)} instead of {_rounded(expected)} "
        + LOOP
        + ". Fix: "
        "record each step's own loss, the one its backward pass started from, as a number."
    )


class _Marker:
    """An object an autograd graph holds (a hook on its output's node): alive exactly as long as that graph is."""

    def __call__(self, grad_inputs, grad_outputs):
        return None


class _EpochWatch:
    """Watches one call of train_epoch: each forward pass of the model (all of it in training mode? did it build a
    graph?), the optimizer's steps, and whether each step's graph is freed by the step after next."""

    def __init__(self, model, optimizer):
        self.forwards = []  # (every module in training mode, the output has a graph, rows in the input)
        self.steps = 0  # steps of the optimizer that finished
        self.graphs = []  # (steps finished when it was made, weak reference to a marker the graph holds)
        self.kept = None  # (step whose graph was kept, step at which it was still alive), 1-based
        self.handles = [
            model.register_forward_hook(self._on_forward),
            optimizer.register_step_post_hook(self._on_step),
        ]

    def _on_step(self, optimizer, args, kwargs):
        self.steps += 1

    def _on_forward(self, module, args, output):
        if not isinstance(output, torch.Tensor):
            return
        rows = len(args[0]) if args and isinstance(args[0], torch.Tensor) and args[0].ndim else 1
        self.forwards.append(
            (all(m.training for m in module.modules()), output.requires_grad, rows)
        )
        if output.grad_fn is None:
            return
        if self.kept is None and self._old_alive() is not None:
            gc.collect()  # a reference cycle is no mistake: only what a live reference keeps counts
            old = self._old_alive()
            if old is not None:
                self.kept = (old + 1, self.steps + 1)
        marker = _Marker()
        output.grad_fn.register_hook(marker)
        self.graphs.append((self.steps, weakref.ref(marker)))

    def _old_alive(self):
        """The earliest step (0-based) before the last one whose graph is still alive; None when there is none."""
        return next(
            (
                made
                for made, marker in self.graphs
                if made <= self.steps - 2 and marker() is not None
            ),
            None,
        )

    def kept_after_return(self):
        """The earliest step (1-based) whose graph is still alive after the call returned; None when none is."""
        if all(marker() is None for _, marker in self.graphs):
            return None
        gc.collect()  # a reference cycle is no mistake: only what a live reference keeps counts
        return next((made + 1 for made, marker in self.graphs if marker() is not None), None)

    def remove(self):
        for handle in self.handles:
            handle.remove()


@check
def check_evaluate(evaluate):
    """Exercise 2b: evaluate(model, val_loader) is the mean loss, in eval mode, without gradients: called twice."""
    __tracebackhide__ = True
    # 4 of 3
    runs = [
        (tiny_model(dropout=True), tiny_loader(data_seed=1)),  # 3 batches of 4
        (
            tiny_model(dropout=True, seed=1),
            DataLoader(tiny_loader(data_seed=2).dataset, batch_size=3),
        ),
    ]
    earlier = []  # each earlier call's batch losses
    for model, val_loader in runs:
        value, batch_losses = _evaluate_once(evaluate, model, val_loader)
        _judge_mean(value, batch_losses, earlier, len(val_loader.dataset))
        earlier.append(batch_losses)
    if _batch_sent_to_the_gpu(lambda model: evaluate(model, tiny_loader(data_seed=1))):
        fail(GPU_BATCH.format(who="evaluate"))
    correct(
        "evaluate runs the model in eval mode without gradients, leaves its weights and requires_grad as they "
        "were, and returns the mean validation loss, call after call."
    )


def _evaluate_once(evaluate, model, val_loader):
    """One call of evaluate on a model in training mode (as a training epoch leaves it), watched: what it returned
    as a float, and the reference's batch losses."""
    __tracebackhide__ = True
    before = copy.deepcopy(model)
    flags = [p.requires_grad for p in model.parameters()]
    forwards = []  # (every module in eval mode, the output has a graph)

    def record(module, args, output):
        if isinstance(output, torch.Tensor):
            forwards.append((not any(m.training for m in module.modules()), output.requires_grad))

    handle = model.register_forward_hook(record)
    try:
        with no_gpu(), broadcasting_is_a_mistake():
            value = evaluate(model, val_loader)
    finally:
        handle.remove()
    if not forwards:
        fail(
            "The model is never called: evaluate never calls it, so it measures nothing "
            + VALIDATION
            + ". Fix: "
            "compute the loss of the model's output on every validation batch."
        )
    if not all(in_eval for in_eval, _ in forwards):
        fail(mistakes.NO_EVAL)
    if any(builds_graph for _, builds_graph in forwards):
        fail(mistakes.NO_NO_GRAD)
    if [p.requires_grad for p in model.parameters()] != flags:
        fail(FROZEN)
    if not same_weights(model, before):
        fail(
            "Validation changes the weights: evaluate changed them, but validation only measures "
            + VALIDATION
            + ". Fix: no optimizer step and no backward pass in evaluate."
        )
    if isinstance(value, (list, tuple)) or _how_many(value) != 1:
        fail(
            f"Not one number: evaluate returns {_what(value)}, not the mean validation loss "
            + VALIDATION
            + ". "
            "Fix: average the batch losses into one number, and return that."
        )
    if isinstance(value, torch.Tensor) and not value.requires_grad:
        fail(
            f"A tensor, not a number: evaluate returns {_what(value)}, where the exercise asks for the mean loss as "
            "a number: a caller that prints, compares or stores it (early stopping, a log) wants a Python float "
            + VALIDATION
            + ". Fix: turn the mean into a Python number before returning it (.item())."
        )
    value = as_number(value, "evaluate", "return the mean loss as a number")
    before.eval()
    with torch.no_grad():
        batch_losses = [F.mse_loss(before(x), y).item() for x, y in val_loader]
    return value, batch_losses


def _judge_mean(value, batch_losses, earlier, rows):
    """Fails unless value is the mean of the batch losses; names what it is instead when the numbers prove it."""
    __tracebackhide__ = True
    batches, total = len(batch_losses), sum(batch_losses)
    expected = total / batches
    if close(value, expected):
        return
    where = (
        "on a second call, with another model and 4 batches of 3, evaluate"
        if earlier
        else "evaluate"
    )
    fix = "Fix: add up the loss of every validation batch, then divide by the number of batches."
    summed(value, expected, rows // batches, "evaluate")
    if earlier:
        all_losses = [loss for losses in earlier for loss in losses] + batch_losses
        if close(value, sum(all_losses) / len(all_losses)) or close(value, sum(all_losses)):
            fail(
                f"A total kept between calls: {where} returns {value:.4f}, but the mean loss of its own batches is "
                f"{expected:.4f}: {value:.4f} counts the batches of the call before too (a total at module level, "
                "or in a default argument) "
                + VALIDATION
                + ". Fix: start the total and the count afresh inside "
                "every call."
            )
    if close(value, total):
        fail(
            f"The sum, not the mean: {where} returns {value:.4f}, the sum of the {batches} batches' losses "
            + VALIDATION
            + ". Fix: divide the total by the number of batches."
        )
    if close(value, total / rows):
        fail(
            f"Divided by the rows, not the batches: {where} returns {value:.4f}, the sum of the {batches} batches' "
            f"losses divided by the {rows} rows, but each batch's loss is already a mean over its rows "
            + VALIDATION
            + ". Fix: divide by the number of batches."
        )
    for divisor in range(2, rows + batches + 1):
        if close(value, total / divisor):
            fail(
                f"Divided by {divisor}, not by the {batches} batches: {where} returns {value:.4f}, the sum of the "
                f"{batches} batches' losses divided by {divisor} "
                + VALIDATION
                + ". Fix: divide by the number of "
                "batches the loop went through."
            )
    for number, loss in enumerate(batch_losses, 1):
        if close(value, loss):
            fail(
                f"One batch only: {where} returns {value:.4f}, the loss of batch {number} of {batches} alone; the "
                "other batches do not count " + VALIDATION + ". " + fix
            )
    fail(
        f"Not the mean validation loss: {where} returns {value:.4f}, but the mean of the {batches} batches' losses, "
        f"in eval mode, is {expected:.4f} (batch losses {_rounded(batch_losses)}) "
        + VALIDATION
        + ". "
        + fix
    )


def _batch_sent_to_the_gpu(call):
    """Calls call(model) once with a model on the CPU, on a machine that seems to have a GPU (probe.gpu_on_meta);
    True when a batch reached the model on the GPU while the model was on the CPU. What the meta device cannot do
    (no values) stops the call and is no mistake."""
    __tracebackhide__ = True
    model, seen = tiny_model(), []

    def record(module, args):
        parameter = next(module.parameters())
        seen.extend(
            (tensor.device.type, parameter.device.type)
            for tensor in args
            if isinstance(tensor, torch.Tensor)
        )

    handle = model.register_forward_pre_hook(record)
    try:
        with gpu_on_meta():
            call(model)
    except NotImplementedError as error:
        # an exercise left undone is "not done yet", never hidden
        if str(error).startswith("Exercise"):
            raise
    except Exception:  # noqa: BLE001 - meta tensors have no values; only where the batch went is judged
        pass
    finally:
        handle.remove()
    return ("meta", "cpu") in seen


def _times(count):
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _running_totals(values):
    totals, total = [], 0.0
    for value in values:
        total += value
        totals.append(total)
    return totals


def _numbers_or_none(values):
    try:
        return [float(value) for value in values]
    except (TypeError, ValueError, RuntimeError):
        return None


def _how_many(value):
    if isinstance(value, torch.Tensor):
        return value.numel()
    return value.size if isinstance(value, np.ndarray) else 1


def _what(value):
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} values"
    return "nothing" if value is None else f"a {type(value).__name__} ({value!r:.40})"


def _rounded(values):
    return "[" + ", ".join(f"{value:.4f}" for value in values) + "]"
