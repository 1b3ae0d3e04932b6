"""Checks for exercise 7 (lesson 7, inside the Trainer): one training epoch with the module's hooks in Lightning's
order (7a), and the batches two debugging flags run, by hand (7b).

7a runs the student's epoch inside course/mini_trainer.py's MiniTrainer on the CPU, the course's validating
LitRegressor unchanged, and holds it to L.Trainer running the same module on the same shuffled data: the calls to
the hooks the exercise names (the module's and the callbacks'), recorded from both, in the same order; the losses
and the weights bitwise equal. 7b holds the student's batches to those L.Trainer runs with each flag, recorded by
course/debug_flags.py's Batches callback, epoch by epoch. What Lightning does is recorded when a check first
runs, never typed here.
"""
import contextlib
import io
from functools import cache

import torch
from torch.utils.data import DataLoader

from course.exercises.refactor import _lightning_warnings_ignored, _trainer
from course.exercises.verdict import check, correct, fail
from task.config import TrainConfig
from task.recipe import make_dataset, split_rows

TASK = TrainConfig(n_samples=30, n_features=3, batch_size=8, val_fraction=0.2, epochs=2, lr=0.1, shuffle=True)
HOOKS = ("on_train_epoch_start", "on_train_batch_start", "optimizer_step", "training_step", "optimizer_zero_grad",
         "backward", "on_train_batch_end", "validation_step", "on_train_epoch_end")  # what 7a asks for
CALLED_BY_CALL = ("on_train_epoch_start", "on_train_batch_start", "on_train_batch_end", "on_train_epoch_end")
CLOSURE_FIX = ("Fix: def closure(): loss = model.training_step(batch, batch_idx); "
               "model.optimizer_zero_grad(epoch, batch_idx, optimizer); model.backward(loss); return loss, then "
               "model.optimizer_step(epoch, batch_idx, optimizer, closure).")
FLAGS = {"limit_train_batches": dict(limit_train_batches=3), "overfit_batches": dict(overfit_batches=2)}
FLAG_TASK = TrainConfig(n_samples=100, n_features=3, batch_size=10, val_fraction=0.4, epochs=3, shuffle=True)


@check
def check_train_epoch(train_epoch):
    """Exercise 7a: train_epoch(model, optimizer, train_loader, epoch, call, validate) runs one epoch as L.Trainer
    does: the hooks in HOOKS in Lightning's order, the losses and weights bitwise Lightning's."""
    __tracebackhide__ = True
    expected = _lightning_run()
    losses, weights, calls = _mini_run(train_epoch)
    batches = len(expected[0]) // TASK.epochs
    _check_order(_kept(calls), _kept(expected[2]), batches)
    if len(losses) != len(expected[0]) or not all(torch.equal(a, b) for a, b in zip(losses, expected[0])):
        fail("The hooks run in Lightning's order, but the losses differ from L.Trainer's: the batches were drawn "
             "from the loader more than once, or a step was taken outside the hooks. Fix: iterate train_loader once "
             "an epoch, and let model.optimizer_step call the closure once a batch.")
    if not all(torch.equal(a, b) for a, b in zip(weights, expected[1])):
        fail("The losses are Lightning's, but the final weights differ: something changed them after the last "
             "step. Fix: leave the weights to model.optimizer_step.")
    correct(f"train_epoch calls the {len(HOOKS)} hooks as L.Trainer does, callbacks first, the five steps inside "
            f"the closure and validation before on_train_epoch_end; over {TASK.epochs} epochs the losses and "
            "weights are bitwise L.Trainer's.")


def _kept(calls):
    return [name for name in calls if name.removeprefix("callback.") in HOOKS]


def _check_order(got, want, batches):
    """Names the first way in which the hook calls `got` differ from Lightning's `want`."""
    __tracebackhide__ = True
    if got == want:
        return
    module = [name for name in got if not name.startswith("callback.")]
    count = {name: module.count(name) for name in HOOKS}
    steps = TASK.epochs * batches
    if count["training_step"] == 0:
        fail(f"training_step never runs. {CLOSURE_FIX}")
    if count["optimizer_step"] == 0:
        fail("model.optimizer_step(...) is never called: the optimizer was stepped directly, so a module that "
             "overrides optimizer_step (or an optimizer that needs the closure, such as LBFGS) is passed by. "
             + CLOSURE_FIX)
    if count["training_step"] > steps:
        fail(f"training_step runs {count['training_step']} times in {steps} batches: the closure is called by your "
             "code and again by the optimizer, so every batch is computed twice. Fix: only define the closure, and "
             "let model.optimizer_step(epoch, batch_idx, optimizer, closure) call it.")
    first = module[module.index("on_train_batch_start"):] if "on_train_batch_start" in module else module
    if first.index("training_step") < first.index("optimizer_step"):
        fail("training_step runs before optimizer_step, outside the closure: Lightning calls optimizer_step first "
             "and the optimizer runs training_step, zero grad and backward inside it (optimizer.step(closure)), as "
             "optimizers such as LBFGS need. " + CLOSURE_FIX)
    if count["backward"] == 0:
        fail("model.backward(loss) is never called: loss.backward() directly passes by the hook that a module (or "
             "Fabric, or a precision plugin) overrides to scale or reduce the loss. Fix: model.backward(loss) in "
             "the closure, after model.optimizer_zero_grad(...).")
    if count["optimizer_zero_grad"] == 0:
        fail("model.optimizer_zero_grad(...) is never called: optimizer.zero_grad() directly, or not at all, "
             "passes by the hook a module overrides (to set grads to None, or to zero them less often). Fix: "
             "model.optimizer_zero_grad(epoch, batch_idx, optimizer) in the closure, after training_step and "
             "before model.backward(loss).")
    if first.index("optimizer_zero_grad") < first.index("training_step"):
        fail("Zero grad comes before training_step: Lightning zeroes the gradients after training_step, just "
             "before backward, so training_step (and the callbacks' on_before_zero_grad) run with the gradients of "
             "the last step still there. Fix: in the closure, training_step, then optimizer_zero_grad, then "
             "backward.")
    if first.index("optimizer_zero_grad") > first.index("backward"):
        fail("Zero grad comes after backward: it wipes the gradients backward has just computed, so the step "
             "changes nothing. Fix: in the closure, training_step, then optimizer_zero_grad, then backward.")
    for hook in CALLED_BY_CALL:
        callbacks = got.count(f"callback.{hook}")
        if count[hook] == 0 and callbacks == 0:
            fail(f"{hook} is never called. Fix: call(\"{hook}\", ...) where Lightning calls it: "
                 + _where(hook))
        if callbacks == 0:
            fail(f"{hook} runs on the module only, so the callbacks' {hook} never runs (the course's Losses "
                 f"callback records each loss in on_train_batch_end). Fix: call(\"{hook}\", ...), which runs every "
                 "callback's hook, then the module's.")
        pairs = [name for name in got if name.removeprefix("callback.") == hook]
        if pairs[0] == hook:
            fail(f"The module's {hook} runs before the callbacks' {hook}: Lightning runs the callbacks' hook "
                 f"first (trainer/call.py), then the module's. Fix: call(\"{hook}\", ...), which does it in that "
                 "order.")
    validations = module.count("validation_step")
    if validations == 0:
        fail("Validation never runs. Fix: validate() once an epoch, after the loop over the batches and before "
             "call(\"on_train_epoch_end\").")
    if validations > want.count("validation_step"):
        fail(f"Validation runs {validations} times instead of once an epoch: inside the loop over the batches. Fix: "
             "validate() once, after the loop over the batches, before call(\"on_train_epoch_end\").")
    end = module.index("on_train_epoch_end")
    if "validation_step" in module and module.index("validation_step") > end:
        fail("Validation runs after on_train_epoch_end: Lightning validates inside the training epoch, after its "
             "last batch and before on_train_epoch_end, so what runs at the epoch's end (checkpointing, early "
             "stopping) sees this epoch's validation metrics. Fix: validate() before call(\"on_train_epoch_end\").")
    index = next(i for i, (a, b) in enumerate(zip(got + [None] * len(want), want + [None] * len(got))) if a != b)
    said = got[index] if index < len(got) else "nothing"
    fail(f"The hooks run in another order than in L.Trainer: call {index + 1} is {said}, where Lightning calls "
         f"{want[index] if index < len(want) else 'nothing more'}. Fix: per epoch, on_train_epoch_start; per batch, "
         "on_train_batch_start, optimizer_step with the closure (training_step, optimizer_zero_grad, backward), "
         "on_train_batch_end; then validate() and on_train_epoch_end.")


def _where(hook):
    return {"on_train_epoch_start": "first thing in the epoch.",
            "on_train_batch_start": "first thing for each batch.",
            "on_train_batch_end": "last thing for each batch, after model.optimizer_step(...).",
            "on_train_epoch_end": "last thing in the epoch, after validate()."}[hook]


def _setup():
    """The loaders and the module, seeded as the validating stage's train() makes them."""
    from lightning_version.features import validation

    torch.manual_seed(TASK.seed)
    X, y, X_val, y_val = split_rows(TASK)
    train_loader = DataLoader(make_dataset(X, y), batch_size=TASK.batch_size, shuffle=TASK.shuffle)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=TASK.batch_size)
    return train_loader, val_loader, validation.LitRegressor(TASK.n_features, TASK.lr), validation.Losses()


@cache
def _lightning_run():
    from course.mini_trainer import record_callback_hooks, record_hooks

    train_loader, val_loader, model, losses = _setup()
    calls = record_hooks(model)
    trainer = _trainer(max_epochs=TASK.epochs, num_sanity_val_steps=0,
                       callbacks=[losses, record_callback_hooks(calls)])
    with _lightning_warnings_ignored(), _quiet():
        trainer.fit(model, train_loader, val_loader)
    return ([loss.clone() for loss in losses.values], [p.detach().clone() for p in model.parameters()],
            tuple(calls))


def _mini_run(train_epoch):
    """The student's epoch in MiniTrainer.fit's place: (losses, final weights, hook calls)."""
    __tracebackhide__ = True
    from course.mini_trainer import MiniTrainer, record_callback_hooks, record_hooks

    train_loader, val_loader, model, losses = _setup()
    calls = record_hooks(model)
    trainer = MiniTrainer(TASK.epochs, [losses, record_callback_hooks(calls)])
    trainer.device = torch.device("cpu")
    trainer.model, model.trainer, model.log = model, trainer, trainer.log
    optimizer = model.configure_optimizers()
    with _lightning_warnings_ignored():
        for epoch in range(TASK.epochs):
            train_epoch(model, optimizer, train_loader, epoch, trainer._call,
                        lambda: trainer._validate(model, val_loader))
    return list(losses.values), [p.detach() for p in model.parameters()], calls


@check
def check_debugging_flags(limit_train_batches, overfit_batches):
    """Exercise 7b: each function returns (training batches, validation batches) of one epoch, as L.Trainer runs
    them with limit_train_batches=3 and with overfit_batches=2, on a shuffled training loader."""
    __tracebackhide__ = True
    for name, function in (("limit_train_batches", limit_train_batches), ("overfit_batches", overfit_batches)):
        _check_flag(name, function)
    correct(f"over {FLAG_TASK.epochs} epochs of a shuffled loader, both functions return exactly (torch.equal) the "
            "training and validation batches L.Trainer runs with limit_train_batches=3 and with overfit_batches=2.")


def _check_flag(name, function):
    __tracebackhide__ = True
    lightning = _flag_batches(name)
    train_loader, val_loader, _, _ = _flag_setup()
    rows = train_loader.dataset.tensors[0]
    call = f"{name}(train_loader, val_loader)"
    epochs = [_batches(call, function(train_loader, val_loader)) for _ in lightning]  # each epoch, as Lightning
    for epoch, ((train, val), (want_train, want_val)) in enumerate(zip(epochs, lightning)):
        if len(train) != len(want_train):
            _wrong_training_count(name, call, len(train), len(want_train), len(val), len(want_val), len(train_loader))
        if len(val) != len(want_val):
            _wrong_validation_count(name, call, len(val), len(want_val), len(val_loader))
        if not _same(val, want_val):
            fail(f"{call} returns other validation batches than Lightning's: with {name} the validation batches "
                 f"are the first {len(want_val)} of val_loader, in its order, never the training loader's. Fix: "
                 f"itertools.islice(val_loader, {len(want_val)}).")
        if _same(train, want_train):
            continue
        if name == "overfit_batches":
            _wrong_overfit(call, train, want_train, epoch)
        if all(any(torch.equal(x, row) for row in rows[:30]) for batch in train for x in batch[0]):
            fail(f"{call} trains on the first 30 rows every epoch (a Subset of them, shuffled): Lightning keeps "
                 "the whole loader and its shuffling, and takes the first 3 batches of each epoch's new order. "
                 "Fix: itertools.islice(train_loader, 3), on the loader as it is.")
        if all(_same(other, epochs[0][0]) for other, _ in epochs[1:]):
            fail(f"{call} returns the same training batches every epoch: the random state was reset (a seed, or "
                 "a loader made with its own seeded generator). Lightning's epochs each shuffle anew. Fix: "
                 "itertools.islice(train_loader, 3), with nothing seeded.")
        fail(f"{call} returns other training batches than Lightning's in epoch {epoch}: Lightning takes the "
             "first batches of the loader as it is, shuffled, iterating it once an epoch. Fix: "
             "itertools.islice(train_loader, 3), once per call.")


def _batches(call, returned):
    """(training batches, validation batches), each batch a list of CPU tensors."""
    __tracebackhide__ = True
    try:
        return tuple([[tensor.cpu() for tensor in batch] for batch in part] for part in returned)
    except (TypeError, ValueError, AttributeError):
        fail(f"{call} returns {type(returned).__name__} {returned!r:.60}, not the pair (training batches, "
             "validation batches) of one epoch. Fix: return list(...), list(...).")


def _wrong_training_count(name, call, got, want, got_val, want_val, whole):
    __tracebackhide__ = True
    if name == "limit_train_batches":
        if got == whole and got_val < want_val:
            fail(f"{call} limits the validation batches ({got_val} of {want_val}) and not the training ones: "
                 "limit_train_batches limits training only. Fix: itertools.islice(train_loader, 3), and all of "
                 "val_loader.")
        fail(f"{call} returns {got} training batches an epoch, but limit_train_batches=3 runs the first 3. Fix: "
             "itertools.islice(train_loader, 3).")
    if got == 1:
        fail(f"{call} returns 1 training batch an epoch: overfit_batches=2 means 2 batches, not 2 rows. Fix: "
             "the first 2 batches of the training data, in order, at the loader's batch size.")
    fail(f"{call} returns {got} training batches an epoch, but overfit_batches=2 runs the same first 2. Fix: "
         "itertools.islice(DataLoader(train_loader.dataset, batch_size=train_loader.batch_size), 2).")


def _wrong_validation_count(name, call, got, want, whole):
    __tracebackhide__ = True
    if name == "limit_train_batches":
        fail(f"{call} returns {got} validation batches, but limit_train_batches leaves validation whole ({want} "
             "batches; limit_val_batches is its own flag). Fix: return list(val_loader) as the validation "
             "batches.")
    fail(f"{call} returns {got} validation batches, but overfit_batches=2 runs only the first 2 of val_loader "
         f"({'all of it' if got == whole else 'not ' + str(got)}). Fix: itertools.islice(val_loader, 2).")


def _wrong_overfit(call, train, want, epoch):
    __tracebackhide__ = True
    if len(train[0][0]) != len(want[0][0]):
        fail(f"{call} returns batches of {len(train[0][0])} rows: overfit_batches=2 means 2 batches at the "
             "loader's batch size. Fix: DataLoader(train_loader.dataset, batch_size=train_loader.batch_size).")
    fail(f"{call} returns shuffled training batches (epoch {epoch}): Lightning swaps the training loader's "
         "shuffling sampler for a SequentialSampler (with a warning), so every epoch trains on the same first 2 "
         "batches, in order. Fix: itertools.islice(DataLoader(train_loader.dataset, "
         "batch_size=train_loader.batch_size), 2): a loader without shuffle.")


def _same(batches, want):
    return len(batches) == len(want) and all(
        len(a) == len(b) and all(torch.equal(p, q) for p, q in zip(a, b)) for a, b in zip(batches, want))


def _flag_setup():
    from lightning_version.features import validation

    torch.manual_seed(FLAG_TASK.seed)
    X, y, X_val, y_val = split_rows(FLAG_TASK)
    train_loader = DataLoader(make_dataset(X, y), batch_size=FLAG_TASK.batch_size, shuffle=True)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=FLAG_TASK.batch_size)
    return train_loader, val_loader, validation.LitRegressor(FLAG_TASK.n_features, FLAG_TASK.lr), None


@cache
def _flag_batches(name):
    """[(training batches, validation batches)] of each epoch, as L.Trainer runs them with the flag."""
    import warnings

    from course.debug_flags import Batches

    train_loader, val_loader, model, _ = _flag_setup()
    batches = Batches()
    trainer = _trainer(max_epochs=FLAG_TASK.epochs, num_sanity_val_steps=0, callbacks=[batches], **FLAGS[name])
    with _lightning_warnings_ignored(), warnings.catch_warnings(), _quiet():
        warnings.filterwarnings("ignore", message="You requested to overfit but enabled train dataloader shuffling")
        trainer.fit(model, train_loader, val_loader)
    train, val = len(batches.train) // FLAG_TASK.epochs, len(batches.val) // FLAG_TASK.epochs  # batches an epoch
    return [(batches.train[e * train:(e + 1) * train], batches.val[e * val:(e + 1) * val])
            for e in range(FLAG_TASK.epochs)]


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield

