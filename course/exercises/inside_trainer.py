"""Checks for exercise 7 (lesson 7, inside the Trainer): one training epoch with the module's hooks in Lightning's
order (7a), and the batches two debugging flags run, by hand (7b).

7a runs the student's epoch inside course/mini_trainer.py's MiniTrainer on the CPU, the course's validating
LitRegressor unchanged, twice over 2 epochs, and holds it to L.Trainer running the same module on the same shuffled
data: the calls to the hooks the exercise names (the module's and the callbacks'), in the same order; the arguments
each of the module's hooks receives (the batch, batch_idx, the epoch, which optimizer, the loss handed to backward,
the outputs handed to on_train_batch_end) and what the closure returns each time the optimizer calls it; then the
losses and the weights, bitwise. 7b holds the student's batches to those L.Trainer runs with each flag (recorded by
course/debug_flags.py's Batches callback), epoch by epoch, and watches the passes the student's function makes over
the two loaders it is given: each iterator made, in order, and the pass each returned batch came from. What
Lightning does is recorded when a check first runs, never typed here.
"""

import contextlib
import functools
import inspect
import io
import itertools
import numbers
from dataclasses import dataclass, field
from functools import cache

import torch
from torch.utils.data import DataLoader

from course.exercises.probe import lightning_trainer, lightning_warnings_ignored
from course.exercises.verdict import check, correct, fail
from task.config import TrainConfig
from task.recipe import make_dataset, split_rows

TASK = TrainConfig(
    n_samples=30, n_features=3, batch_size=8, val_fraction=0.2, epochs=2, lr=0.1, shuffle=True
)
# what 7a asks for
HOOKS = (
    "on_train_epoch_start",
    "on_train_batch_start",
    "optimizer_step",
    "training_step",
    "optimizer_zero_grad",
    "backward",
    "on_train_batch_end",
    "validation_step",
    "on_train_epoch_end",
)
CALLED_BY_CALL = (
    "on_train_epoch_start",
    "on_train_batch_start",
    "on_train_batch_end",
    "on_train_epoch_end",
)
ARGUMENTS = {  # the arguments of the module's hooks that 7a records and compares with Lightning's, in this order
    "on_train_batch_start": ("batch_idx", "batch"),
    "optimizer_step": ("epoch", "batch_idx", "optimizer", "optimizer_closure"),
    "training_step": ("batch_idx", "batch"),
    "optimizer_zero_grad": ("epoch", "batch_idx", "optimizer"),
    "backward": ("loss",),
    "on_train_batch_end": ("batch_idx", "batch", "outputs"),
}
ORDER = 'lesson 7, "The hook order, recorded from Lightning"'
READ = 'lesson 7, "A trainer you can read"'
FLAGS_SECTION = 'lesson 7, "Debugging flags, and their hand-written twins"'
FLAGS = {
    "limit_train_batches": dict(limit_train_batches=3),
    "overfit_batches": dict(overfit_batches=2),
}
FLAG_TASK = TrainConfig(
    n_samples=100, n_features=3, batch_size=10, val_fraction=0.4, epochs=3, shuffle=True
)


# Exercise 7a ----------------------------------------------------------------------------------------------------


@check
def check_train_epoch(train_epoch):
    """Exercise 7a: train_epoch(model, optimizer, train_loader, epoch, call, validate) runs one epoch as L.Trainer
    does: the hooks in HOOKS in Lightning's order with Lightning's arguments, the closure returning the loss, the
    losses and weights bitwise Lightning's."""
    __tracebackhide__ = True
    expected = _lightning_run()
    # a second run, on a fresh module and loaders: nothing may be carried over from the first
    for _ in range(2):
        run = _mini_run(train_epoch)
        _check_order(_kept(run.calls), _kept(expected.calls), run.module_calls())
        _check_arguments(run, expected)
        _check_numbers(run, expected)
    correct(
        f"train_epoch calls the {len(HOOKS)} hooks as L.Trainer does, callbacks first, with Lightning's "
        "arguments (batch, batch_idx, epoch, the optimizer, the loss, a closure that returns it), validation "
        f"before on_train_epoch_end; over {TASK.epochs} epochs, run twice, the losses and weights are bitwise "
        "L.Trainer's."
    )


@dataclass
class Seen:
    """A tensor as a hook received it: its values (a copy) and whether it carried a graph."""

    value: torch.Tensor
    graph: bool


@dataclass
class Call:
    """One call of a module's hook, as the recorder saw it."""

    name: str
    # those in ARGUMENTS[name], as observed (see _observed)
    arguments: dict = field(default_factory=dict)
    inside_step: bool = False  # called while model.optimizer_step ran
    # training_step: its loss; optimizer_step: each closure's return
    returned: list = field(default_factory=list)
    # optimizer_step: the loss of each training_step run inside it
    losses: list = field(default_factory=list)


@dataclass
class Run:
    calls: list  # Call for each module hook, "callback.NAME" for each callback hook, in the order called
    losses: list
    weights: list
    optimizer: object  # the optimizer of the run, which every hook must receive

    def module_calls(self):
        return [c for c in self.calls if isinstance(c, Call) and c.name in HOOKS]


def _observed(value):
    """What the check keeps of a hook's argument or return: tensors as Seen (copied), optimizers unwrapped from
    Lightning's LightningOptimizer, containers element by element, anything else as it is."""
    if isinstance(value, torch.Tensor):
        return Seen(value.detach().cpu().clone(), value.requires_grad)
    if isinstance(value, torch.optim.Optimizer) or hasattr(value, "_optimizer"):
        return getattr(value, "_optimizer", value)
    if isinstance(value, (list, tuple)):
        return tuple(_observed(v) for v in value)
    if isinstance(value, dict):
        return {k: _observed(v) for k, v in value.items()}
    return value


def _equal(a, b):
    if isinstance(a, Seen) or isinstance(b, Seen):
        return (
            isinstance(a, Seen)
            and isinstance(b, Seen)
            and a.value.shape == b.value.shape
            and torch.equal(a.value, b.value)
        )
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _number(value):
    """The one number a Seen tensor or a Python number holds; None for anything else."""
    if isinstance(value, Seen) and value.value.numel() == 1:
        return value.value.item()
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return None


def _loss_in(outputs):
    """The loss in what was handed to on_train_batch_end: the tensor or number itself, or a dict's "loss"."""
    return outputs.get("loss") if isinstance(outputs, dict) else outputs


def _graphs(value):
    if isinstance(value, Seen):
        return value.graph
    if isinstance(value, tuple):
        return any(_graphs(v) for v in value)
    if isinstance(value, dict):
        return any(_graphs(v) for v in value.values())
    return False


def _record(model, calls):
    """Wraps every hook of this one module (course/mini_trainer.py's HOOKS) so that a call appends a Call to
    `calls`, with the arguments in ARGUMENTS and, for optimizer_step, what its closure returns each time it is
    called. `functools.wraps` keeps Lightning's `is_overridden` as it was."""
    from course.mini_trainer import HOOKS as EVERY_HOOK

    stepping = []
    for name in EVERY_HOOK:
        hook = getattr(model, name)

        @functools.wraps(hook)
        def recorded(*args, _name=name, _hook=hook, **kwargs):
            __tracebackhide__ = True
            call = Call(_name, inside_step=bool(stepping))
            calls.append(call)
            if _name in ARGUMENTS:
                try:
                    bound = inspect.signature(_hook).bind(*args, **kwargs)
                except TypeError:  # the hook itself says what is missing, in the student's frames
                    return _hook(*args, **kwargs)
                call.arguments = {
                    key: _observed(value)
                    for key, value in bound.arguments.items()
                    if key in ARGUMENTS[_name]
                }
                if _name == "optimizer_step":
                    bound.arguments["optimizer_closure"] = _watched(
                        bound.arguments.get("optimizer_closure"), call
                    )
                    args, kwargs = bound.args, bound.kwargs
            if _name == "optimizer_step":
                stepping.append(call)
            try:
                result = _hook(*args, **kwargs)
            finally:
                if _name == "optimizer_step":
                    stepping.pop()
            if _name == "training_step":
                call.returned.append(_observed(result))
                if stepping:
                    stepping[-1].losses.append(call.returned[-1])
            return result

        setattr(model, name, recorded)
    return calls


def _watched(closure, call):
    """The closure handed to optimizer_step, recording what it returns each time the optimizer calls it."""
    __tracebackhide__ = True
    if not callable(closure):
        what = "nothing" if closure is None else f"a {type(closure).__name__}"
        fail(
            f"model.optimizer_step gets {what} where the closure goes, not a function: the optimizer calls what it "
            "is given (optimizer.step(closure)), so the closure must be handed over uncalled; called before, "
            f"its training_step, zero grad and backward ran outside the optimizer's step ({READ}). Fix: hand "
            "optimizer_step the closure function itself, not what calling it returns."
        )

    def watched():
        returned = closure()
        call.returned.append(_observed(returned))
        return returned

    return watched


def _kept(calls):
    names = [call.name if isinstance(call, Call) else call for call in calls]
    return [name for name in names if name.removeprefix("callback.") in HOOKS]


def _check_order(got, want, calls):
    """Names the first way in which the hook calls `got` differ from Lightning's `want` (`calls`: the module's, as
    Call, to tell where training_step ran)."""
    __tracebackhide__ = True
    if got == want:
        return
    module = [name for name in got if not name.startswith("callback.")]
    count = {name: module.count(name) for name in HOOKS}
    if count["training_step"] == 0:
        fail(
            f"training_step never runs: the optimizer runs it, inside the closure that model.optimizer_step "
            f"receives ({READ}). Fix: make training_step the closure's first step, and hand the closure to "
            "model.optimizer_step."
        )
    if count["optimizer_step"] == 0:
        fail(
            "model.optimizer_step is never called: the optimizer was stepped directly, which passes by the hook a "
            f"module overrides (to step less often, or to warm the learning rate up) ({READ}). Fix: hand the "
            "closure to the module's optimizer_step, with the epoch, the batch index and the optimizer, and let "
            "it step."
        )
    if count["training_step"] > want.count("training_step"):
        steps = [call for call in calls if call.name == "training_step"]
        if any(not call.inside_step for call in steps) and any(call.inside_step for call in steps):
            fail(
                f"training_step runs {len(steps)} times for {want.count('training_step')} batches: your code runs "
                "it outside model.optimizer_step, and the optimizer runs it again when it calls the closure, so "
                f"each batch is computed twice ({READ}). Fix: only define the closure and hand it over; the "
                "optimizer calls it."
            )
        fail(
            f"training_step runs {len(steps)} times for {want.count('training_step')} batches: more than once a "
            f"batch inside the optimizer's step ({READ}). Fix: run training_step once in the closure, and let the "
            "optimizer call the closure."
        )
    first = module[_at(module, "on_train_batch_start") % len(module) :]  # from the first batch on
    if _at(first, "training_step") < _at(first, "optimizer_step"):
        fail(
            "training_step runs before model.optimizer_step, outside the closure: Lightning calls optimizer_step "
            "first, and the optimizer runs training_step, zero grad and backward by calling the closure, as "
            f"optimizers such as LBFGS, which re-evaluate the loss, need ({READ}). Fix: move training_step into "
            "the closure, before zero grad and backward."
        )
    if count["backward"] == 0:
        fail(
            "model.backward is never called: calling backward on the loss yourself passes by the hook a module "
            f"(or a precision plugin) overrides, to scale the loss for instance ({READ}). Fix: in the closure, hand "
            "the loss to the module's backward hook instead."
        )
    if count["optimizer_zero_grad"] == 0:
        fail(
            "model.optimizer_zero_grad is never called: clearing the gradients on the optimizer directly, or not "
            f"at all, passes by the hook a module overrides (to set them to None, say) ({READ}). Fix: in the "
            "closure, between training_step and backward, call the module's optimizer_zero_grad with the epoch, "
            "the batch index and the optimizer."
        )
    if _at(first, "optimizer_zero_grad") < _at(first, "training_step"):
        fail(
            "Zero grad comes before training_step: Lightning zeroes the gradients after training_step, just "
            "before backward, so training_step (and the callbacks' on_before_zero_grad) still see the last "
            f"step's gradients ({ORDER}). Fix: in the closure, zero the gradients after training_step and before "
            "backward."
        )
    if _at(first, "optimizer_zero_grad") > _at(first, "backward"):
        fail(
            "Zero grad comes after backward: it wipes the gradients backward has just computed, so the step "
            f"changes nothing ({ORDER}). Fix: in the closure, zero the gradients after training_step and before "
            "backward."
        )
    for hook in CALLED_BY_CALL:
        callbacks = got.count(f"callback.{hook}")
        if count[hook] == 0 and callbacks == 0:
            fail(
                f"{hook} is never called ({ORDER}). Fix: run it through the call function you were given, "
                + _where(hook)
            )
        if count[hook] == 0:
            fail(
                f"{hook} runs on the callbacks only, never on the module ({ORDER}). Fix: run it through the call "
                "function you were given, which runs every callback's hook, then the module's."
            )
        if callbacks == 0:
            fail(
                f"{hook} runs on the module only, so the callbacks' {hook} never runs (the course's Losses "
                f"callback records each loss in on_train_batch_end) ({ORDER}). Fix: run it through the call "
                "function you were given, which runs every callback's hook, then the module's."
            )
        pairs = [name for name in got if name.removeprefix("callback.") == hook]
        if pairs[0] == hook:
            fail(
                f"The module's {hook} runs before the callbacks' {hook}: Lightning runs the callbacks' hook "
                f"first (trainer/call.py), then the module's ({ORDER}). Fix: run it through the call function "
                "you were given, which keeps that order."
            )
    validations = module.count("validation_step")
    if validations == 0:
        fail(
            f"Validation never runs ({ORDER}). Fix: call validate() once an epoch, after the last batch and "
            "before the on_train_epoch_end hook."
        )
    if validations > want.count("validation_step"):
        fail(
            f"Validation runs {validations} times in {TASK.epochs} epochs instead of once an epoch: inside the "
            f"loop over the batches ({ORDER}). Fix: call validate() once, after the loop over the batches and "
            "before the on_train_epoch_end hook."
        )
    if _at(module, "validation_step") > _at(module, "on_train_epoch_end"):
        fail(
            "Validation runs after on_train_epoch_end: Lightning validates inside the training epoch, after its "
            "last batch and before on_train_epoch_end, so what runs at the epoch's end (checkpointing, early "
            f"stopping) sees this epoch's validation metrics ({ORDER}). Fix: call validate() before the "
            "on_train_epoch_end hook, not after it."
        )
    index = next(
        i
        for i, (a, b) in enumerate(zip(got + [None] * len(want), want + [None] * len(got)))
        if a != b
    )
    said = got[index] if index < len(got) else "nothing"
    fail(
        f"The hooks run in another order than in L.Trainer: call {index + 1} is {said}, where Lightning calls "
        f"{want[index] if index < len(want) else 'nothing more'} ({ORDER}). Fix: per epoch, on_train_epoch_start; "
        "per batch, on_train_batch_start, optimizer_step with the closure (training_step, zero grad, backward), "
        "on_train_batch_end; then validation and on_train_epoch_end."
    )


def _at(names, name):
    """Where `name` first is in `names`; past the end when it is not there."""
    return names.index(name) if name in names else len(names)


def _where(hook):
    return {
        "on_train_epoch_start": "first thing in the epoch.",
        "on_train_batch_start": "first thing for each batch.",
        "on_train_batch_end": "last thing for each batch, after the optimizer's step.",
        "on_train_epoch_end": "last thing in the epoch, after validation.",
    }[hook]


def _positions(calls):
    """(epoch, batch) of each call: the epoch counted by on_train_epoch_start, the batch by on_train_batch_start."""
    epoch, batch, positions = -1, -1, []
    for call in calls:
        if call.name == "on_train_epoch_start":
            epoch, batch = epoch + 1, -1
        elif call.name == "on_train_batch_start":
            batch += 1
        positions.append((epoch, batch))
    return positions


def _check_arguments(run, expected):
    """Names the first argument a module hook receives that differs from Lightning's, in the order of the calls,
    and a closure that does not return the loss it computed."""
    __tracebackhide__ = True
    calls = expected.module_calls()
    per_epoch = len([c for c in calls if c.name == "training_step"]) // TASK.epochs
    for (epoch, batch), got, want in zip(_positions(calls), run.module_calls(), calls):
        where = f"batch {batch + 1} of epoch {epoch}"
        for key in ARGUMENTS.get(got.name, ()):
            mine, theirs = got.arguments.get(key), want.arguments.get(key)
            if key in ("epoch", "batch_idx") and (
                _number(mine) is None or _number(mine) != _number(theirs)
            ):
                _wrong_count(got.name, key, mine, theirs, where, epoch * per_epoch)
            if key == "optimizer" and mine is not run.optimizer:
                fail(
                    f"{got.name} gets another optimizer than the one train_epoch was given ({where}): Lightning "
                    "hands every hook the one optimizer configure_optimizers made for the whole run; a new one "
                    "starts from empty state (momentum, Adam's averages), and a learning-rate scheduler would "
                    f"go on stepping the old one ({READ}). Fix: use the optimizer passed to train_epoch, and "
                    "make none of your own."
                )
            if key == "batch" and not _equal(mine, theirs):
                fail(
                    f"{got.name} gets another batch than Lightning's for {where}: each hook of a batch receives "
                    f"the batch train_loader yielded, as it is ({ORDER}). Fix: hand every hook of a batch the "
                    "batch the loop over train_loader gave you."
                )
            if key == "loss":
                _check_backward(mine, theirs, where)
            if key == "outputs" and mine is not None:
                _check_outputs(mine, _loss_in(theirs), where)
        if got.name == "optimizer_step":
            _check_closure(got, where)


def _wrong_count(hook, key, mine, theirs, where, before):
    """`before`: how many batches the epochs before this one had."""
    __tracebackhide__ = True
    if key == "epoch":
        fail(
            f"{hook} gets epoch {_shown(mine)} while train_epoch runs epoch {theirs} ({where}): Lightning passes its "
            f"current epoch, counted from 0, as train_epoch receives it ({READ}). Fix: hand the hooks the epoch "
            "train_epoch receives, unchanged."
        )
    more = (
        " (it goes on counting from the epochs before)"
        if before and _number(mine) == theirs + before
        else ""
    )
    fail(
        f"{hook} gets batch_idx {_shown(mine)} for {where}, where Lightning passes {theirs}{more}: batch_idx is the "
        "batch's index within the current epoch, 0 for its first batch, and hooks and step-wise schedulers count "
        'with it (lesson 7, "Learning-rate schedulers"). Fix: count the batches of this epoch from 0, and hand '
        "that count to every hook of the batch."
    )


def _check_backward(mine, theirs, where):
    __tracebackhide__ = True
    if _number(mine) != _number(theirs):
        fail(
            f"model.backward gets {_shown(mine)} for {where}, where Lightning hands it the loss training_step "
            f"returned, {_number(theirs):.6g} ({READ}). Fix: hand backward the loss that training_step returned in "
            "this closure."
        )


def _check_outputs(mine, theirs, where):
    __tracebackhide__ = True
    if _graphs(mine):
        fail(
            f"on_train_batch_end gets the loss with its graph (a tensor that requires grad), {where}: Lightning "
            "hands the callbacks and the module a detached copy, so that one which keeps the outputs over an epoch "
            'does not keep every step\'s graph in memory (lesson 2, "The code"). Fix: detach the loss before you '
            "hand it to on_train_batch_end."
        )
    loss = _loss_in(mine)
    if loss is not None and _number(loss) != _number(theirs):
        fail(
            f"on_train_batch_end gets {_shown(loss)} as the loss of {where}, where training_step computed "
            f"{_number(theirs):.6g} ({ORDER}). Fix: hand on_train_batch_end this batch's loss, detached, or "
            "nothing."
        )


def _check_closure(step, where):
    """The closure handed to `step` must return the loss training_step computed in it, each time it is called."""
    __tracebackhide__ = True
    losses = step.losses[:1]
    for returned in step.returned:
        if returned is None:
            fail(
                f"The closure returns nothing (None) when the optimizer calls it ({where}): Lightning's closure "
                "returns the batch's loss, and optimizer.step(closure) hands it on; optimizers such as LBFGS, "
                f"which re-evaluate the loss, need it ({READ}). Fix: end the closure by returning the loss "
                "training_step computed in it."
            )
        if losses and _number(returned) != _number(losses[0]):
            fail(
                f"The closure returns {_shown(returned)} when the optimizer calls it ({where}), but the loss "
                f"training_step computed in it is {_number(losses[0]):.6g}: the optimizer reads the closure's "
                f"return as this step's loss ({READ}). Fix: return the loss training_step computed in the closure."
            )


def _shown(value):
    number = _number(value)
    if number is not None:
        return f"{number:.6g}"
    if isinstance(value, Seen):
        return f"a tensor of shape {tuple(value.value.shape)}"
    return "None" if value is None else f"a {type(value).__name__}"


def _check_numbers(run, expected):
    __tracebackhide__ = True
    for step, (mine, theirs) in enumerate(itertools.zip_longest(run.losses, expected.losses)):
        if mine is None or theirs is None or not torch.equal(mine, theirs):
            fail(
                f"The hooks run in Lightning's order with Lightning's arguments, but the losses differ from "
                f"L.Trainer's at step {step + 1} of {len(expected.losses)}: {_shown(_observed(mine))} where "
                f"Lightning's is {_shown(_observed(theirs))} ({READ}). Fix: let only the hooks touch the model, "
                "the optimizer and the batches: nothing besides them draws batches, steps or changes a weight."
            )
    for mine, theirs in zip(run.weights, expected.weights):
        if not torch.equal(mine, theirs):
            fail(
                "The losses are Lightning's, but the final weights differ: they changed after the last step "
                f"({READ}). Fix: leave the weights to model.optimizer_step, after the last batch too."
            )


def _setup():
    """The loaders and the module, seeded as the validating stage's train() makes them."""
    from lightning_version.features import validation

    torch.manual_seed(TASK.seed)
    X, y, X_val, y_val = split_rows(TASK)
    train_loader = DataLoader(make_dataset(X, y), batch_size=TASK.batch_size, shuffle=TASK.shuffle)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=TASK.batch_size)
    return (
        train_loader,
        val_loader,
        validation.LitRegressor(TASK.n_features, TASK.lr),
        validation.Losses(),
    )


@cache
def _lightning_run():
    from course.mini_trainer import record_callback_hooks

    train_loader, val_loader, model, losses = _setup()
    calls = _record(model, [])
    trainer = lightning_trainer(
        max_epochs=TASK.epochs,
        num_sanity_val_steps=0,
        callbacks=[losses, record_callback_hooks(calls)],
    )
    with lightning_warnings_ignored(), _quiet():
        trainer.fit(model, train_loader, val_loader)
    return Run(
        calls,
        [loss.clone() for loss in losses.values],
        [p.detach().clone() for p in model.parameters()],
        trainer.optimizers[0],
    )


def _mini_run(train_epoch):
    """The student's epoch in MiniTrainer.fit's place, each epoch."""
    __tracebackhide__ = True
    from course.mini_trainer import MiniTrainer, record_callback_hooks

    train_loader, val_loader, model, losses = _setup()
    calls = _record(model, [])
    trainer = MiniTrainer(TASK.epochs, [losses, record_callback_hooks(calls)])
    trainer.device = torch.device("cpu")
    trainer.model, model.trainer, model.log = model, trainer, trainer.log
    optimizer = model.configure_optimizers()
    # what a module may read from its trainer under L.Trainer: model.current_epoch, model.global_step, the optimizers
    trainer.optimizers, trainer.global_step = [optimizer], 0
    optimizer.register_step_post_hook(
        lambda *_: setattr(trainer, "global_step", trainer.global_step + 1)
    )
    with lightning_warnings_ignored():
        for epoch in range(TASK.epochs):
            trainer.current_epoch = epoch
            train_epoch(
                model,
                optimizer,
                train_loader,
                epoch,
                trainer._call,
                lambda: trainer._validate(model, val_loader),
            )
    return Run(calls, list(losses.values), [p.detach() for p in model.parameters()], optimizer)


# Exercise 7b ----------------------------------------------------------------------------------------------------


@check
def check_debugging_flags(limit_train_batches, overfit_batches):
    """Exercise 7b: each function returns (training batches, validation batches) of one epoch, as L.Trainer runs
    them with limit_train_batches=3 and with overfit_batches=2, on a shuffled training loader."""
    __tracebackhide__ = True
    for name, function in (
        ("limit_train_batches", limit_train_batches),
        ("overfit_batches", overfit_batches),
    ):
        _check_flag(name, function)
    correct(
        f"over {FLAG_TASK.epochs} epochs of a shuffled loader, both functions return exactly (torch.equal) the "
        "training and validation batches L.Trainer runs with limit_train_batches=3 and with overfit_batches=2."
    )


class Watched(DataLoader):
    """A loader the check hands to the student's function: each pass over it (each iterator) is recorded in
    `watch`, marked with the loader's name (both set on a subclass made for each loader)."""

    watch = None
    called = ""

    def __iter__(self):
        iterator = Pass(self.called, self.watch, super().__iter__())
        self.watch.passes.append(iterator)
        return iterator


@dataclass
class Watch:
    call: int = 0  # the epoch whose call of the student's function runs
    # Pass for each iterator made from a watched loader, in order
    passes: list = field(default_factory=list)
    events: int = 0  # how many iterators were made and first batches drawn so far: the clock of Pass.made, .first

    def tick(self):
        self.events += 1
        return self.events


class Pass:
    """One iterator over a watched loader: which loader, made in which call, when (made, and its first batch
    drawn: a shuffling sampler draws its order then), and the batches it yielded."""

    def __init__(self, loader, watch, iterator):
        self.loader, self.call, self.iterator, self.yielded, self.watch = (
            loader,
            watch.call,
            iterator,
            [],
            watch,
        )
        self.made, self.first = watch.tick(), None

    def __iter__(self):
        return self

    def __next__(self):
        if self.first is None:
            self.first = self.watch.tick()
        batch = next(self.iterator)
        self.yielded.append(batch)
        return batch

    def __len__(self):
        return len(self.iterator)


def _watched_loaders():
    train_loader, val_loader, _, _ = _flag_setup()
    watch = Watch()
    for name, loader in (("train_loader", train_loader), ("val_loader", val_loader)):
        loader.__class__ = type("DataLoader", (Watched,), {"watch": watch, "called": name})
    return train_loader, val_loader, watch


def _check_flag(name, function):
    __tracebackhide__ = True
    lightning = _flag_batches(name)
    train_loader, val_loader, watch = _watched_loaders()
    call = f"{name}(train_loader, val_loader)"
    epochs, states = [], []
    for epoch in range(len(lightning)):  # each epoch, as Lightning: one call
        watch.call = epoch
        states.append(torch.get_rng_state())
        epochs.append(_batches(call, function(train_loader, val_loader)))
    for epoch, ((train, val), (want_train, want_val)) in enumerate(zip(epochs, lightning)):
        if len(train) != len(want_train):
            _wrong_training_count(
                name, call, train, want_train, len(val), len(want_val), len(train_loader)
            )
        if len(val) != len(want_val):
            _wrong_validation_count(name, call, len(val), len(want_val), len(val_loader))
        if not _same(val, want_val):
            _wrong_validation(call, name, val, want_val, train, epoch)
        if _same(train, want_train):
            continue
        if name == "overfit_batches":
            _wrong_overfit(call, epochs, want_train, epoch, train_loader)
        _wrong_limit(call, epochs, lightning, epoch, watch, states, train_loader, val_loader)


def _batches(call, returned):
    """(training batches, validation batches), each batch a list of CPU tensors."""
    __tracebackhide__ = True
    try:
        train, val = returned
        return tuple(
            [[tensor.cpu() for tensor in batch] for batch in part] for part in (train, val)
        )
    except (TypeError, ValueError, AttributeError):
        fail(
            f"{call} returns {type(returned).__name__} {returned!r:.60}, not the pair (training batches, "
            f"validation batches) of one epoch ({FLAGS_SECTION}). Fix: return two lists, the training batches "
            "and then the validation batches, each batch as the loader yields it."
        )


def _wrong_training_count(name, call, train, want, got_val, want_val, whole):
    __tracebackhide__ = True
    got = len(train)
    if name == "limit_train_batches":
        if got == whole and got_val < want_val:
            fail(
                f"{call} limits the validation batches ({got_val} of {want_val}) and not the training ones: "
                f"limit_train_batches limits training only ({FLAGS_SECTION}). Fix: take the first 3 training "
                "batches, and every validation batch."
            )
        fail(
            f"{call} returns {got} training batches an epoch, but limit_train_batches=3 runs the first 3 of each "
            f"pass over the loader ({FLAGS_SECTION}). Fix: stop after the third training batch."
        )
    rows = {len(batch[0]) for batch in train}
    if rows and rows != {len(want[0][0])}:
        rows_not_batches = ", not 2 rows" if rows == {2} else ""
        fail(
            f"{call} returns {got} training batch{'es' if got != 1 else ''} of {_rows(rows)}, but overfit_batches=2 "
            f"runs 2 batches at the loader's batch size ({len(want[0][0])} rows){rows_not_batches} "
            f"({FLAGS_SECTION}). Fix: take 2 batches as the training loader makes them, at its batch size."
        )
    fail(
        f"{call} returns {got} training batches an epoch, but overfit_batches=2 runs the same first 2 "
        f"({FLAGS_SECTION}). Fix: stop after the second training batch."
    )


def _rows(rows):
    return " and ".join(f"{n} row{'s' if n != 1 else ''}" for n in sorted(rows))


def _wrong_validation_count(name, call, got, want, whole):
    __tracebackhide__ = True
    if name == "limit_train_batches":
        fail(
            f"{call} returns {got} validation batches, but limit_train_batches leaves validation whole ({want} "
            f"batches; limit_val_batches is its own flag) ({FLAGS_SECTION}). Fix: return every batch of "
            "val_loader as the validation batches."
        )
    fail(
        f"{call} returns {got} validation batches{', all of val_loader' if got == whole else ''}, but "
        f"overfit_batches=2 limits validation too, to the first 2 of val_loader ({FLAGS_SECTION}). Fix: stop "
        "after the second validation batch."
    )


def _wrong_validation(call, name, val, want, train, epoch):
    __tracebackhide__ = True
    if any(_same([batch], [other]) for batch in val for other in train):
        fail(
            f"{call} validates on training batches: with {name} the validation batches are the first "
            f"{len(want)} of val_loader, in its order, never the training loader's ({FLAGS_SECTION}). Fix: take "
            "the validation batches from val_loader."
        )
    index = next(i for i, (a, b) in enumerate(zip(val, want)) if not _same([a], [b]))
    fail(
        f"{call} returns other validation batches than Lightning's: in epoch {epoch}, validation batch "
        f"{index + 1} starts with the row {_row(val[index])} where Lightning's starts with {_row(want[index])}; "
        f"with {name} the validation batches are the first {len(want)} of val_loader, in its order "
        f"({FLAGS_SECTION}). Fix: take them from one pass over val_loader as it is."
    )


def _row(batch):
    return "[" + ", ".join(f"{v:.3g}" for v in batch[0][0].flatten().tolist()) + "]"


def _wrong_overfit(call, epochs, want, epoch, train_loader):
    __tracebackhide__ = True
    train = epochs[epoch][0]
    rows = {len(batch[0]) for batch in train}
    if rows != {len(want[0][0])}:
        fail(
            f"{call} returns batches of {_rows(rows)}: overfit_batches=2 means 2 batches at the loader's batch "
            f"size, {len(want[0][0])} rows ({FLAGS_SECTION}). Fix: make the in-order batches at the training "
            "loader's batch size."
        )
    first = train_loader.dataset.tensors[0][: sum(len(batch[0]) for batch in want)]
    got = torch.cat([batch[0] for batch in train])
    in_order = torch.equal(got, first)
    same_rows = (
        not in_order
        and len(got) == len(first)
        and all(any(torch.equal(r, f) for f in first) for r in got)
    )
    changes = any(not _same(other[0], epochs[0][0]) for other in epochs[1:])
    everything = train_loader.dataset.tensors[0]
    later = next(
        (
            start
            for start in range(len(first), len(everything) - len(got) + 1, len(want[0][0]))
            if torch.equal(got, everything[start : start + len(got)])
        ),
        None,
    )
    if not in_order and later is not None:
        fail(
            f"{call} returns, in epoch {epoch}, the in-order batches that start at row {later}, not the first "
            f"{len(want)} again: it goes on with an iterator kept from an earlier call, where each epoch of "
            f"overfit_batches runs the same first {len(want)} batches ({FLAGS_SECTION}). Fix: make a new "
            "iterator over the in-order batches in every call."
        )
    if not in_order:
        what = (
            "the dataset's first rows, but shuffled"
            if same_rows
            else "other rows than the dataset's first"
        )
        fail(
            f"{call} returns shuffled training batches: in epoch {epoch} they hold {what}"
            f"{', and they change from epoch to epoch' if changes else ''}: Lightning swaps the training loader's "
            "shuffling sampler for a SequentialSampler (with a warning), so every epoch trains on the same first "
            f"2 batches, in the dataset's order ({FLAGS_SECTION}). Fix: take the 2 batches from a loader over the "
            "same dataset, at the same batch size, that does not shuffle."
        )
    index = next(i for i, (a, b) in enumerate(zip(train, want)) if not _same([a], [b]))
    fail(
        f"{call} returns other training batches than Lightning's: in epoch {epoch}, training batch {index + 1} "
        "holds the dataset's first rows, in order, as Lightning's does, but not its targets "
        f"({FLAGS_SECTION}). Fix: take each batch as the loader makes it, inputs and targets."
    )


def _wrong_limit(call, epochs, lightning, epoch, watch, states, train_loader, val_loader):
    """Names why limit_train_batches's training batches of `epoch` are not Lightning's, from the passes the
    function made over the two loaders; says where they differ when no pass explains it."""
    __tracebackhide__ = True
    train = epochs[epoch][0]
    passes = [p for p in watch.passes if p.call == epoch]
    mine = [p for p in passes if p.loader == "train_loader"]
    sources = {
        id(p): p
        for batch in train
        for p in watch.passes
        if p.loader == "train_loader"
        and any(_same([batch], [[t.cpu() for t in b]]) for b in p.yielded)
    }
    earlier = sorted(p.call for p in sources.values() if p.call < epoch)
    if earlier:
        fail(
            f"{call} takes its training batches of epoch {epoch} from the pass over train_loader that epoch "
            f"{earlier[0]} began: they continue an iterator kept from an earlier call, so they are not the first "
            "batches of a new shuffle; Lightning starts a new pass over the loader (a new iterator, a new shuffle) "
            f"every epoch ({FLAGS_SECTION}). Fix: start a new pass over train_loader in every call, and keep "
            "nothing from one call to the next."
        )
    sourced = [p for p in mine if any(p is q for q in sources.values())]
    last = max((p.first or 0 for p in sourced), default=0)
    # the epochs before: every pass
    counts = [
        (e, loader, len([p for p in watch.passes if p.call == e and p.loader == loader]))
        for e in range(epoch)
        for loader in ("train_loader", "val_loader")
    ]
    # this one: until its batches
    counts.append((epoch, "train_loader", len([p for p in mine if p.made <= last])))
    for e, loader, count in counts:
        if count > 1:
            fail(
                f"{call} makes {count} passes over {loader} in epoch {e} (a new iterator each time, and each draws "
                "from torch's random state, a new shuffle for a shuffling loader), where Lightning makes one pass "
                f"over each loader an epoch, so the training shuffle is not Lightning's ({FLAGS_SECTION}). Fix: "
                "take the batches of each loader from a single pass over it, and make no other pass."
            )
    source = sourced[:1]
    vals = [p for p in passes if p.loader == "val_loader"]
    if (
        source
        and vals
        and vals[0].made < (source[0].first or 0)
        and _replayed(states[epoch], train_loader, val_loader, len(train), train)
    ):
        fail(
            f"{call} makes its iterator over val_loader before it draws its first batch from train_loader: "
            "making a DataLoader iterator draws a seed from torch's random state, shuffled or not, so the "
            "training pass shuffles differently from Lightning's, which begins the epoch's training pass first "
            f"and validates at the epoch's end ({FLAGS_SECTION}). Fix: take the training batches first, then the "
            "validation batches."
        )
    rows = train_loader.dataset.tensors[0]
    got = torch.cat([batch[0] for batch in train])
    if torch.equal(got, rows[: len(got)]):
        fail(
            f"{call} returns the dataset's first {len(got)} rows, in the dataset's order: shuffling is off, "
            "which only overfit_batches does; limit_train_batches keeps the loader as it is, shuffled, and takes "
            f"the first 3 batches of each epoch's new order ({FLAGS_SECTION}). Fix: take the batches from "
            "train_loader itself."
        )
    if all(any(torch.equal(row, first) for first in rows[: len(got)]) for row in got):
        fail(
            f"{call} trains on the dataset's first {len(got)} rows only, shuffled among themselves: Lightning "
            f"keeps the whole loader, all {len(rows)} rows, and takes the first 3 batches of each epoch's new "
            f"order ({FLAGS_SECTION}). Fix: take the batches from train_loader itself."
        )
    if all(_same(other[0], epochs[0][0]) for other in epochs[1:]):
        fail(
            f"{call} returns the same training batches in every epoch, where Lightning's differ (each epoch "
            f"shuffles anew) ({FLAGS_SECTION}). Fix: let each call draw a new pass over train_loader, with nothing "
            "seeded and nothing kept from an earlier call."
        )
    want = lightning[epoch][0]
    index = next(i for i, (a, b) in enumerate(zip(train, want)) if not _same([a], [b]))
    fail(
        f"{call} returns other training batches than Lightning's: in epoch {epoch}, training batch {index + 1} "
        f"starts with the row {_row(train[index])} where Lightning's starts with {_row(want[index])} "
        f"({FLAGS_SECTION}). Fix: take the first 3 batches of one pass over train_loader, made in the same call, "
        "before anything else draws from torch's random state."
    )


def _replayed(state, train_loader, val_loader, n, train):
    """Whether the training batches are those of a pass over train_loader begun just after an iterator of
    val_loader was made, from the random state the call began with: the order the function made them in."""
    now = torch.get_rng_state()
    try:
        torch.set_rng_state(state)
        DataLoader.__iter__(val_loader)  # an iterator made and dropped: what the function did first
        replayed = [
            [t.cpu() for t in batch]
            for batch in itertools.islice(DataLoader.__iter__(train_loader), n)
        ]
    finally:
        torch.set_rng_state(now)
    return _same(replayed, train)


def _same(batches, want):
    return len(batches) == len(want) and all(
        len(a) == len(b) and all(torch.equal(p, q) for p, q in zip(a, b))
        for a, b in zip(batches, want)
    )


def _flag_setup():
    from lightning_version.features import validation

    torch.manual_seed(FLAG_TASK.seed)
    X, y, X_val, y_val = split_rows(FLAG_TASK)
    train_loader = DataLoader(make_dataset(X, y), batch_size=FLAG_TASK.batch_size, shuffle=True)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=FLAG_TASK.batch_size)
    return (
        train_loader,
        val_loader,
        validation.LitRegressor(FLAG_TASK.n_features, FLAG_TASK.lr),
        None,
    )


@cache
def _flag_batches(name):
    """[(training batches, validation batches)] of each epoch, as L.Trainer runs them with the flag."""
    import warnings

    from course.debug_flags import Batches

    train_loader, val_loader, model, _ = _flag_setup()
    batches = Batches()
    trainer = lightning_trainer(
        max_epochs=FLAG_TASK.epochs, num_sanity_val_steps=0, callbacks=[batches], **FLAGS[name]
    )
    with lightning_warnings_ignored(), warnings.catch_warnings(), _quiet():
        warnings.filterwarnings(
            "ignore", message="You requested to overfit but enabled train dataloader shuffling"
        )
        trainer.fit(model, train_loader, val_loader)
    # batches an epoch
    train, val = (len(batches.train) // FLAG_TASK.epochs, len(batches.val) // FLAG_TASK.epochs)
    return [
        (batches.train[e * train : (e + 1) * train], batches.val[e * val : (e + 1) * val])
        for e in range(FLAG_TASK.epochs)
    ]


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield
