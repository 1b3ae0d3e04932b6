"""Checks for exercises 3a and 3b (lesson 3, the refactor): a LightningModule's training_step and
configure_optimizers, then its validation_step, each run inside a real Trainer (course.exercises.probe's
run_in_trainer), so that whatever a hook may use in a notebook (self.trainer, self.log, self.optimizers(),
self.global_step) works in the check too. Every call of a hook is recorded, with the batch and the weights it was
given and what it returned, and held against the five steps by hand. Exercise 3c, the minimal pair's Trainer call,
is checked in minimal_pair.py."""

import contextlib
import copy
import numbers
import re
import warnings

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.probe import (
    N_FEATURES,
    WHAT_MOVED,
    broadcast_loss,
    broadcasting_is_a_mistake,
    close,
    reference_step,
    run_in_trainer,
    summed,
    tiny_loader,
    training_step_loss,
    watch_forward,
)
from course.exercises.verdict import ExerciseError, check, correct, fail, first_line, names_the_gpu
from task.config import TrainConfig
from task.recipe import make_data, make_dataset

EPOCHS = 3
FIT_LR = 0.037  # the module's lr in the check: an lr written into configure_optimizers by hand does not match it
BATCHES = 3  # tiny_loader(): 12 rows in batches of 4
# what torch raises when one operation mixes tensors on two devices (the meta device's words, then CUDA's)
DEVICE_TRAP = re.compile(
    r"Tensor on device \S+ is not on the expected device \S+!|"
    r"Expected all tensors to be on the same device"
)
# what meta cannot do: no values to copy out, some kernels
META_LIMIT = re.compile(r"meta tensor|'Meta' backend")
DEVICE_TRAP_SECTION = '(lesson 4, "The trap inside a LightningModule")'

PLAIN_ATTRIBUTE = (
    "self.{name} is a tensor kept as a plain attribute: the Trainer moves the module's parameters and buffers to "
    "its device, never a plain attribute, so self.{name} stayed on the CPU while the module and the batch went to "
    'meta, a GPU\'s stand-in ("{error}") '
    + DEVICE_TRAP_SECTION
    + ". Fix: register it as a buffer in __init__ "
    "(self.register_buffer), which moves with the module."
)
NAMES_THE_GPU = (
    "training_step names the GPU itself ({what}): on a laptop there is none, and wherever the Trainer "
    "chose another device the tensors no longer meet " + DEVICE_TRAP_SECTION + ". Fix: make a new "
    "tensor on the device of the batch (or of the module), never on one you name."
)
BATCH_MOVED = (
    "training_step moves the batch from {where}, where the Trainer put it beside the module, to {to}: "
    "picking the device and moving the batch are the Trainer's work now, and a device picked by hand "
    "parts from the Trainer's wherever it chose another (a GPU, a Mac's mps, accelerator=\"cpu\") "
    + WHAT_MOVED
    + ". Fix: use the batch as training_step receives it, with no .to() or .cuda() of your "
    "own."
)
TRAINER_CALLS_BACKWARD = (
    "training_step runs a backward pass itself, but the Trainer calls backward on the loss training_step returns, "
    "after clearing the gradients: each batch would go backward twice "
    + WHAT_MOVED
    + ". Fix: return the loss "
    "and leave zero grad, backward and step to the Trainer."
)
TRAINER_STEPS = (
    "training_step uses the optimizer itself ({steps} step{s} inside one call): the Trainer already clears the "
    "gradients, calls backward and steps after training_step returns, so each batch would move the weights twice "
    + WHAT_MOVED
    + ". Fix: return the loss and leave zero grad, backward and step to the Trainer."
)
OPTIMIZER_FIX = "Fix: plain SGD over the module's own parameters, with the learning rate it saved (self.hparams.lr)."
SCHEDULER = (
    "configure_optimizers returns a learning-rate scheduler ({name}) that changes the learning rate from {lr} to "
    "{new:.3g} {when}: the vanilla loop keeps one learning rate throughout, so training parts from it "
    + WHAT_MOVED
    + ". Fix: return the optimizer alone, with no scheduler."
)


@check
def check_lit_module(LitRegressor):
    """Exercise 3a: a Trainer fits the module for EPOCHS epochs on tiny_loader(). At every call training_step must
    return the loss of the batch it was given, with the weights it was given, as a tensor with its graph, and leave
    backward and the step to the Trainer; configure_optimizers must return plain SGD over the module's parameters
    with the module's lr, and no scheduler that ever changes it; the weights after every step must be the five steps
    by hand's. Last, one step in a Trainer that puts the module and the batch on the meta device (a GPU's
    stand-in): a tensor made on the CPU, or a batch moved by hand, is named there."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressor(N_FEATURES, FIT_LR)
    reference = copy.deepcopy(module)  # the same initial weights, never given to a Trainer
    by_hand = _five_steps_by_hand(copy.deepcopy(module))

    def on_call(call):
        __tracebackhide__ = True
        if call.name == "configure_optimizers":
            _check_optimizers(call.returned, module)
        else:
            _check_training_step(call, reference)

    try:
        with broadcasting_is_a_mistake():
            _, calls = run_in_trainer(
                module,
                tiny_loader(),
                hooks=("configure_optimizers", "training_step"),
                on_call=on_call,
                max_epochs=EPOCHS,
            )
    except ExerciseError:
        raise
    except (RuntimeError, AssertionError) as error:
        if names_the_gpu(error):
            fail(NAMES_THE_GPU.format(what=f'"{first_line(error)}"'))
        raise
    steps = [call for call in calls if call.name == "training_step"]
    if len(steps) != EPOCHS * BATCHES:
        fail(
            f"The Trainer called training_step {len(steps)} times in {EPOCHS} epochs of {BATCHES} batches, not "
            f"{EPOCHS * BATCHES}: the module changes how the Trainer loops "
            + WHAT_MOVED
            + ". Fix: keep to "
            "training_step and configure_optimizers; the Trainer owns the loop."
        )
    for number, (call, expected) in enumerate(zip(steps, by_hand)):
        if not _same(call.weights, expected):
            _weights_differ(
                f"The weights training_step is given at step {number} (epoch {call.epoch}, batch "
                f"{call.batch_idx}) differ from the five steps by hand's"
            )
    if not _same(list(module.parameters()), by_hand[-1]):
        _weights_differ("After the last step the weights differ from the five steps by hand's")
    devices_in_trainer(LitRegressor, tiny_loader())
    # the same words as before the checks ran the hooks inside a Trainer: the solution notebook stores them
    correct(
        f"training_step returns the loss with its graph and configure_optimizers the SGD optimizer: "
        f"after {EPOCHS} epochs in a Trainer, the same weights as the five steps by hand; and training_step "
        "runs with the module and the batch on another device (meta, standing in for a GPU)."
    )


def _five_steps_by_hand(model):
    """The weights before each of the five steps' EPOCHS * BATCHES steps over tiny_loader(), then after the last."""
    optimizer = torch.optim.SGD(model.parameters(), lr=FIT_LR)
    weights = []
    for epoch in range(EPOCHS):
        for x, y in tiny_loader():
            weights.append([p.detach().clone() for p in model.parameters()])
            reference_step(model, optimizer, x, y)
    return weights + [[p.detach().clone() for p in model.parameters()]]


def _same(weights, expected):
    # a student's loss may add the same numbers in another order: float32 rounding, far below any real mistake
    return len(weights) == len(expected) and all(
        torch.allclose(p.detach(), q, rtol=1e-5, atol=1e-6) for p, q in zip(weights, expected)
    )


def _weights_differ(what):
    __tracebackhide__ = True
    fail(
        f"{what}, although every training_step before returned its batch's loss and the optimizer is plain SGD "
        "with the module's lr: something else in the module changes the gradients or the weights "
        + WHAT_MOVED
        + ". Fix: keep the module to forward, training_step and configure_optimizers, and change no gradient or "
        "weight outside them."
    )


def _check_training_step(call, reference):
    """One call of training_step inside the Trainer, as it returned: what it did to the batch, the optimizer and the
    gradients, and the loss it returned, against the batch's loss with the weights that call was given."""
    __tracebackhide__ = True
    if call.moved:
        where, to = call.moved[0]
        fail(BATCH_MOVED.format(where=where, to=to))
    if call.steps:
        fail(TRAINER_STEPS.format(steps=call.steps, s="s" if call.steps > 1 else ""))
    if call.backward:
        fail(TRAINER_CALLS_BACKWARD)
    loss = training_step_loss(call.returned)
    x, y = call.batch
    with torch.no_grad():
        for parameter, weight in zip(reference.parameters(), call.weights):
            parameter.copy_(weight)
        expected, broadcast = F.mse_loss(reference(x), y).item(), broadcast_loss(reference, x, y)
    value = loss.item()
    if close(value, expected):
        return
    if close(value, broadcast):
        fail(mistakes.BROADCAST.format(target=tuple(y.shape), output=(len(y),)))
    summed(value, expected, len(y), "training_step")
    earlier = (
        ""
        if call.epoch == call.batch_idx == 0
        else ", and the calls before it returned their batch's loss"
    )
    fail(
        f"training_step returns {value:.4f} at epoch {call.epoch}, batch {call.batch_idx}, but the mean squared "
        f"error of that batch with the weights it was given is {expected:.4f}{earlier}: the Trainer steps with "
        "whatever loss training_step returns "
        + WHAT_MOVED
        + ". Fix: return the batch's mean squared error, "
        "computed the same way at every step, as steps 1-2 of the vanilla loop do."
    )


def _check_optimizers(returned, module):
    """What configure_optimizers returned, as the Trainer received it, before any training: plain SGD over the
    module's parameters with the module's lr; a scheduler, if any, is stepped on a copy and must never change it."""
    __tracebackhide__ = True
    optimizer = _first_optimizer(returned)
    if optimizer is None:
        fail(
            f"configure_optimizers returns {returned!r:.60}, not an optimizer, so the Trainer has nothing to step "
            "with " + WHAT_MOVED + ". " + OPTIMIZER_FIX
        )
    if type(optimizer) is not torch.optim.SGD:
        fail(
            f"configure_optimizers returns {type(optimizer).__name__}, not SGD: it steps differently from the "
            "vanilla loop's optimizer " + WHAT_MOVED + ". " + OPTIMIZER_FIX
        )
    extras = {
        key: value
        for key, value in optimizer.defaults.items()
        if key in ("momentum", "dampening", "weight_decay", "nesterov", "maximize") and value
    }
    if extras:
        fail(
            f"configure_optimizers' SGD has {', '.join(f'{k}={v}' for k, v in extras.items())}: the vanilla loop's "
            "SGD has none of these, so every step moves differently "
            + WHAT_MOVED
            + ". Fix: plain SGD, the "
            "parameters and the learning rate alone."
        )
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not {id(p) for p in module.parameters()} <= held:
        fail(
            "configure_optimizers' optimizer does not hold all of the module's own parameters (another model's, or "
            "only some of them), so the Trainer's steps leave these weights as they are "
            + WHAT_MOVED
            + ". "
            + OPTIMIZER_FIX
        )
    # before any scheduler
    rates = {group.get("initial_lr", group["lr"]) for group in optimizer.param_groups}
    if rates != {FIT_LR}:
        fail(
            f"configure_optimizers' optimizer has lr={sorted(rates)[0]:g}, but the module was made with "
            f"lr={FIT_LR}: the optimizer must step with the learning rate the module saved, as the vanilla loop's "
            "steps with config.lr "
            + WHAT_MOVED
            + ". Fix: read it, unchanged, from the module's hyperparameters, "
            "self.hparams.lr."
        )
    try:
        returned = copy.deepcopy(returned)  # stepped below: the Trainer's own must stay as they are
    # a scheduler that cannot be copied: the weights after training still judge it
    except Exception:
        return
    _check_schedulers(returned)


def _check_schedulers(returned, steps=1000):
    """A scheduler that ever changes the learning rate is a mistake here: each one in what configure_optimizers
    returned is stepped up to `steps` times (on a copy), before any training."""
    __tracebackhide__ = True
    for scheduler, interval in _schedulers(returned):
        with warnings.catch_warnings():
            # stepping a scheduler before its optimizer: on purpose here
            warnings.simplefilter("ignore")
            for count in range(0, steps + 1):
                if count:
                    if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
                        scheduler.step(1.0)
                    else:
                        scheduler.step()
                rates = [group["lr"] for group in scheduler.optimizer.param_groups]
                if any(not close(rate, FIT_LR) for rate in rates):
                    when = (
                        f"after {count} {interval}{'s' if count > 1 else ''}"
                        if count
                        else "from the start"
                    )
                    fail(
                        SCHEDULER.format(
                            name=type(scheduler).__name__, lr=FIT_LR, new=rates[0], when=when
                        )
                    )


def _schedulers(returned, interval="epoch"):
    """(scheduler, "epoch" or "step") for each scheduler in what configure_optimizers returns, in any of the forms
    Lightning accepts."""
    if isinstance(
        returned, (torch.optim.lr_scheduler.LRScheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    ):
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


def devices_in_trainer(LitRegressor, loader, lr=FIT_LR):
    """Mistake 3 inside a LightningModule, as a GPU would show it: one training step in a real Trainer that puts the
    module and every batch on the meta device, a GPU's stand-in. Named here: a tensor training_step makes on the CPU
    (or keeps as a plain attribute) meeting the batch, a device named by hand (.cuda()), and the batch moved off
    the device the Trainer put it on. What meta cannot do (it has no values) is no mistake, and gives no verdict."""
    __tracebackhide__ = True
    module = LitRegressor(N_FEATURES, lr)

    def on_call(call):
        __tracebackhide__ = True
        if call.moved:
            where, to = call.moved[0]
            fail(BATCH_MOVED.format(where=f"{where} (a GPU's stand-in)", to=to))

    try:
        run_in_trainer(module, loader, on_call=on_call, device="meta", max_steps=1)
    except ExerciseError:
        raise
    except NotImplementedError as error:
        if not META_LIMIT.search(str(error)):
            raise  # the exercise's gap, or the student's own: never a verdict of this check
    except (RuntimeError, AssertionError, TypeError, ValueError) as error:
        if names_the_gpu(error):
            fail(NAMES_THE_GPU.format(what=f'"{first_line(error)}"'))
        trap = DEVICE_TRAP.search(str(error))
        if trap:
            left = [
                name
                for name, value in vars(module).items()
                if isinstance(value, torch.Tensor) and value.device.type == "cpu"
            ]
            if left:
                fail(PLAIN_ATTRIBUTE.format(name=left[0], error=trap.group(0)))
            fail(mistakes.NEW_TENSOR_ON_CPU.format(error=trap.group(0), device="meta"))


# batches of 4, 4 and 2 rows: the mean over the rows is not the mean of the batches'
VAL_ROWS, VAL_BATCH = (10, 4)


def validation_loader():
    """The validation data of exercise 3b: VAL_ROWS rows of the course's recipe (another data seed than training's)
    in batches of VAL_BATCH, the last one smaller."""
    X, y, _, _ = make_data(TrainConfig(n_samples=VAL_ROWS, n_features=N_FEATURES, data_seed=1))
    return DataLoader(make_dataset(X, y), batch_size=VAL_BATCH)


@check
def check_validation_step(LitRegressorWithValidation):
    """Exercise 3b: two trainer.validate runs in a real Trainer, with other weights in between. Each time the
    Trainer's val_loss (what callbacks read) and what a logger receives must be the mean squared error over every
    row of the validation set; validation_step runs in eval mode without gradients, changes no weight, logs each
    batch's loss, and carries nothing from one validation to the next."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressorWithValidation(N_FEATURES, FIT_LR)
    reference = copy.deepcopy(module).eval()  # the same weights, never given to a Trainer
    loader = validation_loader()
    # the student's own attributes, as __init__ left them
    attributes, first_right = (_attributes(module), False)
    for validation in (1, 2):
        if validation == 2:
            with torch.no_grad():  # as a training epoch between two validations would
                for parameter in module.parameters():
                    parameter.add_(0.5)
        before = [p.detach().clone() for p in module.parameters()]
        logger = _keys_logger()
        with (
            watch_forward(module) as forwards,
            _logs_recorded(module) as logged,
            broadcasting_is_a_mistake(),
        ):
            trainer, calls = run_in_trainer(
                module, loader, hooks=("validation_step",), stage="validate", logger=logger
            )
        batch_losses, rows = _batch_losses(reference, calls)
        expected = sum(loss * n for loss, n in zip(batch_losses, rows)) / sum(rows)
        _check_one_validation(module, before, forwards, logged, calls, batch_losses, rows)
        if "val_loss" not in trainer.callback_metrics:
            names = sorted({name for name, _, _, _ in logged})
            fail(
                f'validation_step logs no "val_loss" (it logs {names or "nothing"}), so neither you nor a callback '
                '(early stopping, checkpoints) can find it (lesson 5, "Validation and metrics"). Fix: log the '
                'batch\'s loss with self.log under the name "val_loss".'
            )
        split = sorted(key for key in logger.keys if key.startswith("val_loss_"))
        if "val_loss" not in logger.keys and split:
            fail(
                f"A logger receives val_loss as {' and '.join(split)}, never as val_loss: logged with on_step=True "
                'as well as once per epoch, Lightning splits the name in two (lesson 5, "Logs"). Fix: log '
                "val_loss once per validation, the epoch's mean: leave on_step at its default in validation_step."
            )
        value = trainer.callback_metrics["val_loss"].item()
        if close(value, expected):
            first_right = first_right or validation == 1
            continue
        _val_loss_differs(
            value,
            expected,
            validation,
            first_right,
            logged,
            rows,
            batch_losses,
            _changed(attributes, _attributes(module)),
        )
    # the words the solution notebook stores
    correct(
        "validation_step logs the batch's loss as val_loss, anew at every validation; the Trainer ran it in "
        "eval mode without gradients."
    )


def _batch_losses(reference, calls):
    """The mean squared error of each batch validation_step was given, with the weights it was given; the rows."""
    losses, rows = [], []
    with torch.no_grad():
        for call in calls:
            x, y = call.batch
            for parameter, weight in zip(reference.parameters(), call.weights):
                parameter.copy_(weight)
            losses.append(F.mse_loss(reference(x), y).item())
            rows.append(len(y))
    return losses, rows


def _check_one_validation(module, before, forwards, logged, calls, batch_losses, rows):
    __tracebackhide__ = True
    if not forwards:
        fail(
            'validation_step never calls the model, so what it logs measures nothing (lesson 5, "Validation and '
            "metrics\"). Fix: compute the batch's loss from the model's output on the batch's inputs."
        )
    if any(training for training, _ in forwards) or any(
        call.left and call.left[0]
        for call in calls
        if getattr(call, "name", None) == "validation_step"
    ):
        fail(
            mistakes.LIGHTNING_VALIDATION_MODE.format(what="training mode", culprit="self.train()")
        )
    if any(grad_enabled for _, grad_enabled in forwards):
        fail(
            mistakes.LIGHTNING_VALIDATION_MODE.format(
                what="gradients", culprit="torch.enable_grad()"
            )
        )
    if not _same(list(module.parameters()), before):
        fail(
            "validation_step changes the weights: validation only measures the model, so the next training step "
            'starts from other weights (lesson 5, "Validation and metrics"). Fix: no optimizer step and no '
            "change to a parameter in validation_step."
        )
    for name, value, options, where in logged:
        if (
            name != "val_loss"
            or where is None
            or not isinstance(value, (numbers.Number, torch.Tensor))
        ):
            continue
        value = (
            float(value)
            if isinstance(value, numbers.Number)
            else value.detach().float().mean().item()
        )
        loss, n = batch_losses[where], rows[where]
        if close(value, loss):
            continue
        summed(value, loss, n, "validation_step's val_loss")
        fail(
            f"validation_step logs {value:.4f} as val_loss for batch {where}, but that batch's mean squared error "
            f'is {loss:.4f} (lesson 5, "Validation and metrics"). Fix: log the batch\'s mean squared error, the '
            "same loss the training step computes."
        )
    if any(
        name == "val_loss" and options.get("on_epoch") is False for name, _, options, _ in logged
    ):
        fail(
            "validation_step logs val_loss with on_epoch=False: Lightning then keeps each batch's loss alone (a "
            "callback sees the last batch's), never their mean over the validation set (lesson 5, \"Validation and "
            'metrics"). Fix: let Lightning average it over the epoch: on_epoch at its default in validation_step.'
        )


def _val_loss_differs(
    value, expected, validation, first_right, logged, rows, batch_losses, changed
):
    """val_loss is not the mean over the rows: names what the run showed (the options given to self.log, what was
    carried between validations), else says what differs."""
    __tracebackhide__ = True
    options = [opts for name, _, opts, _ in logged if name == "val_loss"]
    fix = (
        "Fix: log each batch's loss under val_loss with self.log's defaults, and let Lightning average it over "
        "the epoch."
    )
    reduce = [
        getattr(opts["reduce_fx"], "__name__", opts["reduce_fx"])
        for opts in options
        if opts.get("reduce_fx") not in (None, "mean", torch.mean)
    ]
    if reduce:
        fail(
            f"val_loss is {value:.4f}, not the mean over the validation set, {expected:.4f}: self.log got "
            f"reduce_fx={reduce[0]!r}, so Lightning combines the batches' losses with it instead of averaging "
            f'them (lesson 5, "Validation and metrics"). {fix}'
        )
    sizes = [opts["batch_size"] for opts in options if "batch_size" in opts]
    if sizes and any(size != n for size, n in zip(sizes, rows)):
        fail(
            f"val_loss is {value:.4f}, not the mean over every row, {expected:.4f}: self.log got batch_size="
            f"{sizes[0]}, but the batches hold {', '.join(map(str, rows))} rows, and Lightning weighs each batch's "
            'loss by the batch_size it is given (lesson 5, "Validation and metrics"). Fix: leave batch_size out, '
            "Lightning counts the batch's rows, or give the batch's own number of rows."
        )
    plain = sum(batch_losses) / len(batch_losses)
    if len(set(rows)) > 1 and close(value, plain):
        fail(
            f"val_loss is {value:.4f}, the plain mean of the batches' losses, but the batches hold "
            f"{', '.join(map(str, rows))} rows, so the mean over every row is {expected:.4f}: a smaller last batch "
            'counts as much as a full one (lesson 5, "Validation and metrics"). Fix: log each batch\'s loss with '
            "self.log in validation_step and let Lightning average it, weighing each batch by its rows."
        )
    if validation == 2 and first_right:
        kept = (
            f" ({', '.join('self.' + name for name in changed)} kept from the first)"
            if changed
            else ""
        )
        fail(
            f"The first validation's val_loss was right, but the second's is {value:.4f}, not {expected:.4f}: "
            f'something from the first validation still counts{kept} (lesson 5, "Validation and metrics"). '
            "Fix: keep nothing between validations: log each batch's loss and let Lightning average and reset it."
        )
    fail(
        f"val_loss is {value:.4f}, but the mean squared error over the validation set's {sum(rows)} rows is "
        f'{expected:.4f} (lesson 5, "Validation and metrics"). {fix}'
    )


def _attributes(module):
    """The student's own attributes of a module (numbers, tensors, lists, dicts), as copies: what a validation_step
    could carry from one validation to the next."""
    kept = {}
    for name, value in vars(module).items():
        if name.startswith("_") or name == "training":
            continue
        if isinstance(value, torch.Tensor):
            kept[name] = value.detach().clone()
        elif isinstance(value, (numbers.Number, list, dict)):
            kept[name] = copy.copy(value)
    return kept


def _changed(before, after):
    def same(a, b):
        if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
            return a.shape == b.shape and torch.equal(a, b)
        try:
            return bool(a == b)
        except Exception:
            return False

    return [
        name for name, value in after.items() if name not in before or not same(before[name], value)
    ]


def _keys_logger():
    """A logger that keeps only the names of the metrics it receives: the columns a CSV or TensorBoard log gets."""
    from lightning.pytorch.loggers.logger import Logger

    class KeysLogged(Logger):
        def __init__(self):
            super().__init__()
            self.keys = set()

        @property
        def name(self):
            return "check"

        @property
        def version(self):
            return 0

        def log_metrics(self, metrics, step=None):
            self.keys.update(metrics)

        def log_hyperparams(self, params, *args, **kwargs):
            pass

    return KeysLogged()


@contextlib.contextmanager
def _logs_recorded(module):
    """(name, value, options, batch) of every self.log(...) the module makes (log_dict goes through self.log too);
    batch is the index of the validation batch it was logged in, None outside validation_step."""
    calls, log = [], module.log

    def recorded(name, value, *args, **kwargs):
        batch = module._current_fx_name == "validation_step"
        calls.append(
            (
                name,
                value.detach() if isinstance(value, torch.Tensor) else value,
                kwargs,
                _batch_index(module) if batch else None,
            )
        )
        return log(name, value, *args, **kwargs)

    module.log = recorded
    try:
        yield calls
    finally:
        del module.log


def _batch_index(module):
    """The index of the validation batch the Trainer is in."""
    progress = module.trainer.validate_loop.batch_progress
    return progress.current.ready - 1
