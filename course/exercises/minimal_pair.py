"""Checks for exercise 3c (lesson 3, the minimal pair): train(config), the Lightning twin of vanilla/minimal.py's
train, held to bitwise equality with it (torch.equal on every loss and weight), on two configs so that nothing
written by hand (a batch size, shuffle=True, a number of epochs) can match both by chance.

While the student's train runs, the check records what it did, and vanilla's run is recorded the same way: the
random state when the model is made and when training starts (and every seed set before), the Trainer's arguments,
the DataLoader trainer.fit gets, the initial weights, and the inputs of every training forward pass (which rows each
step trained on). A fit that would run longer than the config asks, or on a DataLoader unlike vanilla's, stops at
once with the difference named. When the numbers differ, the first step that differs is compared: other rows, or
the same rows with other numbers; a Trainer argument is blamed only when the same train without it gives vanilla's
numbers exactly (run again to prove it). The student's Trainer runs in a temporary folder (a default logger writes
lightning_logs/ where it runs) and what it prints (a progress bar) is hidden.
"""

import contextlib
import io
import os
import tempfile
import warnings
from functools import cache

import torch

from course.exercises.probe import lightning_warnings_ignored
from course.exercises.verdict import check, correct, fail
from task.config import TrainConfig

MINIMAL = [
    TrainConfig(n_samples=24, n_features=3, batch_size=4, epochs=3, shuffle=True, lr=0.05, seed=7),
    TrainConfig(n_samples=20, n_features=2, batch_size=5, epochs=2, shuffle=False, lr=0.1, seed=3),
]
THE_PROOF = '(lesson 3, "The proof")'
# Trainer arguments that change no number of this run; any other one the student gives is a suspect when the numbers
# differ, and is blamed only if the same train without it gives vanilla's numbers.
HARMLESS = {
    "max_epochs",
    "callbacks",
    "logger",
    "enable_checkpointing",
    "enable_progress_bar",
    "enable_model_summary",
    "default_root_dir",
    "log_every_n_steps",
    "num_sanity_val_steps",
    "devices",
    "num_nodes",
}
# Trainer settings that change the numbers of any run where they act; vanilla/minimal.py has none of them.
NUMBERS = {
    "precision": ("32-true", '(lesson 4, "Danger 3: mixed precision")', "computes in float32"),
    "gradient_clip_val": (None, '(lesson 4, "Danger 4: gradient clipping")', "clips no gradient"),
    "accumulate_grad_batches": (
        1,
        '(lesson 4, "Danger 2: gradient accumulation")',
        "steps after every batch",
    ),
}
TRAINER_FIX = (
    "Fix: build the Trainer as lesson 3 does: the number of epochs from the config and the Losses "
    "callback, nothing that changes the numbers."
)


@check
def check_minimal_train(train):
    """Exercise 3c: train(config), the Lightning twin of vanilla/minimal.py's train: the same (losses, model),
    bitwise, on two configs (shuffled and in order, other sizes and seeds), over several epochs."""
    __tracebackhide__ = True
    for config in MINIMAL:
        _minimal_train_once(train, config)
    correct(
        f"train gives exactly (torch.equal) the vanilla loop's losses and final weights on {len(MINIMAL)} "
        "configs, shuffled and in order, over several epochs: the Trainer replaced the loop and changed no "
        "number."
    )


def _minimal_train_once(train, config):
    __tracebackhide__ = True
    want = _vanilla_minimal(config)
    returned, seen = _run(train, config)
    if "trainer" not in seen:
        fail(
            "train never calls trainer.fit(...), so nothing trains: the Trainer replaces vanilla's loops "
            '(lesson 3, "What moved where"). Fix: make a Trainer and fit the LitRegressor on the DataLoader.'
        )
    losses, model = _losses_and_model(returned)
    steps = len(want["losses"])
    if len(losses) != steps:
        _other_number_of_losses(seen, config, len(losses), steps)
    if not torch.equal(seen["initial"], want["initial"]):
        _other_initial_weights(seen, config)
    differ = next(
        (
            step
            for step, (a, b) in enumerate(zip(losses, want["losses"]))
            if not torch.equal(a.to(b.dtype).cpu(), b.cpu())
        ),
        None,
    )
    if differ is not None:
        _losses_differ(train, config, seen, want, losses, differ)
    settings = _numbers_settings(seen["trainer"])
    if settings:
        key, value = next(iter(settings.items()))
        default, section, vanilla = NUMBERS[key]
        fail(
            f"The Trainer is built with {key}={value!r}: on these configs it changed no number, but vanilla's loop "
            f"{vanilla}, so wherever it acts the twin parts from vanilla {section}. {TRAINER_FIX}"
        )
    accelerator = seen["arguments"].get("accelerator", "auto")
    if str(accelerator) != "auto" and _accelerator_where_there_is_a_gpu(train, config) in (
        "cpu",
        "mps",
    ):
        fail(
            f"The Trainer is told accelerator={accelerator!r}: on this machine it changed no number, but vanilla's "
            'loop takes the GPU wherever there is one, as the Trainer\'s default, accelerator="auto", does, so on '
            'a machine with a GPU the twin would train on another device than vanilla (lesson 3, "What moved '
            "where\"). Fix: leave the choice of the device to the Trainer's default."
        )
    weights = [p.detach().cpu() for p in model.parameters()]
    if len(weights) != len(want["final"]) or not all(
        torch.equal(a, b) for a, b in zip(weights, want["final"])
    ):
        fail(
            "train returns a model whose weights differ from the vanilla loop's trained model, although every "
            f"loss was the same {THE_PROOF}. Fix: return the Regressor the Trainer trained, the one inside the "
            "LitRegressor you fitted."
        )


def _losses_and_model(returned):
    """(losses as tensors, model) from what train returned, or the mistake in its shape named."""
    __tracebackhide__ = True
    from lightning.pytorch import LightningModule

    if not isinstance(returned, tuple) or len(returned) != 2:
        what = f"a {type(returned).__name__}" + (
            f" of {len(returned)} items" if isinstance(returned, (list, tuple)) else ""
        )
        fail(
            f"train returns {what}, not the pair (losses, model) vanilla's train returns {THE_PROOF}. Fix: return "
            "a pair, the recorded losses first, then the trained Regressor."
        )
    losses, model = returned
    if isinstance(losses, torch.nn.Module) and not isinstance(model, torch.nn.Module):
        fail(
            "train returns (model, losses), the other way round from vanilla's (losses, model) "
            + THE_PROOF
            + ". Fix: return the losses first, then the model."
        )
    if isinstance(model, LightningModule):
        fail(
            f"train returns the {type(model).__name__} as its model, but vanilla's train returns the Regressor "
            "itself: code that uses the result (the proof reads model.linear.weight) finds another object "
            f"{THE_PROOF}. Fix: return the Regressor inside the LightningModule, the one the Trainer trained."
        )
    if not isinstance(model, torch.nn.Module):
        fail(
            f"train returns a {type(model).__name__} as its model, not the trained Regressor {THE_PROOF}. "
            "Fix: return the Regressor inside the LightningModule you fitted."
        )
    try:
        losses = [
            loss.detach() if isinstance(loss, torch.Tensor) else torch.tensor(float(loss))
            for loss in losses
        ]
    except (TypeError, ValueError):
        fail(
            f"train's losses are {losses!r:.60}, not one loss per step {THE_PROOF}. Fix: put a Losses() callback "
            "in the Trainer's callbacks and return the values it recorded."
        )
    return losses, model


def _other_number_of_losses(seen, config, returned, steps):
    """train returns another number of losses than vanilla's steps: what the Trainer's Losses callback recorded
    and the arguments that limit the Trainer's steps tell which."""
    __tracebackhide__ = True
    from lightning_version.minimal import Losses

    said = (
        f"train returns {returned} losses, but {config.epochs} epochs of {steps // config.epochs} batches are "
        f"{steps}"
    )
    recorders = [callback for callback in seen["trainer"].callbacks if isinstance(callback, Losses)]
    if not recorders:
        fail(
            f"{said}: the Trainer has no Losses callback, so nothing records the loss of each step "
            '(lesson 3, "What moved where"). Fix: give the Trainer a Losses() callback and return what it '
            "recorded."
        )
    recorded = len(recorders[0].values)
    if recorded == steps:
        fail(
            f"{said}, and the Losses callback the Trainer ran with recorded all {steps}: what train returns is not "
            'what that callback recorded (lesson 3, "What moved where"). Fix: keep the callback you give the '
            "Trainer, and return its values."
        )
    trained = seen["trainer"].global_step
    if recorded > steps and trained == steps:
        fail(
            f"{said}; the Trainer trained {steps} steps, but its Losses callback already held {recorded - steps} "
            "losses before this fit: it lives on from an earlier call (a default argument, a global), so each "
            f"call returns the losses of the calls before it too {THE_PROOF}. Fix: make a new Losses callback in "
            "every call of train."
        )
    limits = {
        key: value
        for key, value in seen["arguments"].items()
        if key in ("max_steps", "limit_train_batches", "overfit_batches", "min_steps")
        or key == "max_epochs"
        and value != config.epochs
    }
    built = f": the Trainer was built with {_listed(limits)}" if limits else ""
    fail(
        f"{said}; the Trainer trained {recorded} steps{built} {THE_PROOF}. Fix: run the Trainer for the config's "
        "number of epochs, with no limit on the steps or batches."
    )


def _other_initial_weights(seen, config):
    """The model starts from other weights than vanilla's: what the seeds and the random state showed."""
    __tracebackhide__ = True
    fix = (
        "Fix: seed with the config's seed first, as vanilla does, and make the model before anything else draws "
        "a random number."
    )
    created = seen.get("created")
    if created is None:
        fail(
            "The model starts from other weights than the vanilla loop's, and it is not a Regressor made inside "
            f"train {THE_PROOF}. Fix: make lesson 3's LitRegressor inside train, after seeding."
        )
    before, after = created["seeds"], seen["seeds"][len(created["seeds"]) :]
    if not before:
        what = (
            f"seeds torch's random state only after the model is made (with {after[0]})"
            if after
            else "never seeds torch's random state"
        )
        fail(
            f"The model starts from other weights than the vanilla loop's: train {what}, where vanilla seeds it "
            f"with config.seed before making the model {THE_PROOF}. {fix}"
        )
    if before[-1] != config.seed:
        fail(
            f"The model starts from other weights than the vanilla loop's: train seeds with {before[-1]}, not the "
            f"config's seed ({config.seed}) {THE_PROOF}. {fix}"
        )
    if not created["fresh"]:
        fail(
            "The model starts from other weights than the vanilla loop's: train seeds with the config's seed, but "
            "something draws random numbers between the seeding and the model, so the model gets other ones "
            f"{THE_PROOF}. {fix}"
        )
    fail(f"The model starts from other weights than the vanilla loop's {THE_PROOF}. {fix}")


def _losses_differ(train, config, seen, want, losses, step):
    """The first step whose loss differs: a Trainer argument, if dropping it proves it; else the rows that step
    trained on; else what differs, where."""
    __tracebackhide__ = True
    epoch, batch = divmod(step, len(want["losses"]) // config.epochs)
    got, expected = _apart(losses[step].item(), want["losses"][step].item())
    where = f"from step {step} on (epoch {epoch}, batch {batch}): {got} instead of {expected}"
    for suspect in _suspects(seen):
        try:
            proven = _same_run(_run(train, config, drop=suspect)[0], want)
        # without that argument the student's train does not run: not the cause, then
        except Exception:
            proven = False
        if proven:
            shown = (
                _listed({suspect: seen["arguments"][suspect]})
                if suspect != "callbacks"
                else f"callbacks {', '.join(sorted(_extra_callbacks(seen['arguments'])))}"
            )
            section = NUMBERS.get(suspect, (None, THE_PROOF))[1]
            fail(
                f"The losses differ from the vanilla loop's {where}, because of the Trainer's {shown}: the same "
                f"train without it gives vanilla's numbers exactly {section}. {TRAINER_FIX}"
            )
    inputs = seen["inputs"]
    if (
        step < len(inputs)
        and step < len(want["inputs"])
        and not torch.equal(inputs[step].double(), want["inputs"][step].double())
    ):
        loader = seen.get("loader")
        if getattr(loader, "generator", None) is not None:
            fail(
                f"The losses differ from the vanilla loop's {where}: that step trained on other rows, because the "
                "DataLoader draws its shuffle order from a generator of its own, not from the seeded global random "
                f"state as vanilla's does {THE_PROOF}. Fix: give the DataLoader no generator of its own."
            )
        if seen.get("at_fit") is not None and not torch.equal(seen["at_fit"], want["at_fit"]):
            fail(
                f"The losses differ from the vanilla loop's {where}: that step trained on other rows, because "
                "something draws random numbers between making the model and training, so the shuffle order "
                f"is not vanilla's {THE_PROOF}. Fix: draw nothing between making the model and trainer.fit."
            )
        fail(
            f"The losses differ from the vanilla loop's {where}: that step trained on other rows than vanilla's "
            f"{THE_PROOF}. Fix: the same data in the same order: the DataLoader as vanilla/minimal.py makes it."
        )
    built = {key: value for key, value in seen["arguments"].items() if key not in HARMLESS}
    extra = f" (the Trainer was built with {_listed(built)})" if built else ""
    fail(
        f"The losses differ from the vanilla loop's {where}, with the same initial weights and the same rows in "
        f"that step{extra} {THE_PROOF}. {TRAINER_FIX}"
    )


def _apart(value, expected):
    """Two numbers written with as many decimals as it takes to tell them apart (float64 may differ far down)."""
    for decimals in (6, 9, 12, 15):
        if f"{value:.{decimals}f}" != f"{expected:.{decimals}f}":
            return f"{value:.{decimals}f}", f"{expected:.{decimals}f}"
    return repr(value), repr(expected)


def _same_run(returned, want):
    losses, model = returned
    losses = [
        loss.detach() if isinstance(loss, torch.Tensor) else torch.tensor(float(loss))
        for loss in losses
    ]
    return len(losses) == len(want["losses"]) and all(
        torch.equal(a.to(b.dtype).cpu(), b) for a, b in zip(losses, want["losses"])
    )


def _suspects(seen):
    """Trainer arguments that may change the numbers, most suspect first: those that do wherever they act, then
    any other the lesson's Trainer does not have, then callbacks other than Losses."""
    arguments = seen["arguments"]
    numbers = [key for key in NUMBERS if key in arguments]
    others = [key for key in arguments if key not in HARMLESS and key not in NUMBERS]
    return numbers + others + (["callbacks"] if _extra_callbacks(arguments) else [])


def _extra_callbacks(arguments):
    from lightning_version.minimal import Losses

    callbacks = arguments.get("callbacks") or []
    callbacks = callbacks if isinstance(callbacks, (list, tuple)) else [callbacks]
    return {type(callback).__name__ for callback in callbacks if not isinstance(callback, Losses)}


def _numbers_settings(trainer):
    """The settings of the student's Trainer that change numbers wherever they act, where they are not neutral."""
    found = {}
    if str(trainer.precision) not in ("32-true", "32"):
        found["precision"] = trainer.precision
    if trainer.gradient_clip_val not in (None, 0, 0.0):
        found["gradient_clip_val"] = trainer.gradient_clip_val
    if trainer.accumulate_grad_batches != 1:
        found["accumulate_grad_batches"] = trainer.accumulate_grad_batches
    return found


def _listed(arguments):
    return ", ".join(f"{key}={value!r}" for key, value in arguments.items())


def _run(train, config, drop=None):
    """train(config) as the student wrote it, watched; with drop, the same with that Trainer argument left out
    (for "callbacks": only the Losses callbacks kept). Returns (what train returned, what was seen)."""
    seen = {"arguments": {}, "seeds": [], "inputs": []}
    with (
        _trainer_watched(config, seen, drop),
        _seeds_watched(seen),
        _model_creation_watched(seen),
        _inputs_recorded(seen["inputs"]),
        lightning_warnings_ignored(),
        _in_a_temporary_folder(),
        _quiet_output(),
        warnings.catch_warnings(),
    ):
        # what the model summary says of a precision it cannot size: the student's choice, judged by the numbers
        warnings.filterwarnings(
            "ignore", message=r"Precision \S+ is not supported by the model summary"
        )
        returned = train(config)
    return returned, seen


@cache
def _vanilla_minimal_cached(config):
    import vanilla.minimal

    seen = {"seeds": [], "inputs": []}
    with (
        _seeds_watched(seen),
        _model_creation_watched(seen),
        _inputs_recorded(seen["inputs"]),
        _quiet_output(),
    ):
        losses, model = vanilla.minimal.train(config)
    return (
        [loss.detach().cpu() for loss in losses],
        [p.detach().cpu() for p in model.parameters()],
        seen["created"]["initial"],
        seen["created"]["after"],
        seen["inputs"],
    )


def _vanilla_minimal(config):
    """Vanilla's run on config: its losses, final weights, initial weights, the random state right after the model
    was made (where training starts drawing), and the inputs of every step."""
    losses, final, initial, after, inputs = _vanilla_minimal_cached(config)
    return {
        "losses": [loss.clone() for loss in losses],
        "final": [p.clone() for p in final],
        "initial": initial.clone(),
        "at_fit": after.clone(),
        "inputs": [x.clone() for x in inputs],
    }


@contextlib.contextmanager
def _seeds_watched(seen):
    """Records every torch.manual_seed(seed) (L.seed_everything calls it too), in order."""
    manual_seed = torch.manual_seed

    def watched(seed):
        seen["seeds"].append(int(seed))
        return manual_seed(seed)

    torch.manual_seed = watched
    try:
        yield
    finally:
        torch.manual_seed = manual_seed


@contextlib.contextmanager
def _model_creation_watched(seen):
    """When the first Regressor is made: the seeds set before, whether the random state was then the one its last
    seed gives (nothing drawn in between), its initial weights, and the random state right after."""
    from task.model import Regressor

    init = Regressor.__init__

    def watched(self, *args, **kwargs):
        state = torch.get_rng_state()
        init(self, *args, **kwargs)
        if "created" not in seen:
            fresh = False
            if seen["seeds"]:
                now = torch.get_rng_state()
                torch.random.default_generator.manual_seed(seen["seeds"][-1])
                fresh = torch.equal(torch.get_rng_state(), state)
                torch.set_rng_state(now)
            seen["created"] = {
                "seeds": list(seen["seeds"]),
                "fresh": fresh,
                "after": torch.get_rng_state(),
                "initial": torch.cat([p.detach().flatten().cpu() for p in self.parameters()]),
            }

    Regressor.__init__ = watched
    try:
        yield
    finally:
        Regressor.__init__ = init


@contextlib.contextmanager
def _inputs_recorded(inputs):
    """The inputs of every forward pass of a Regressor in training mode with gradients on: the rows of each step."""
    from task.model import Regressor

    def record(module, args):
        if isinstance(module, Regressor) and module.training and torch.is_grad_enabled() and args:
            inputs.append(args[0].detach().cpu().clone())

    handle = torch.nn.modules.module.register_module_forward_pre_hook(record)
    try:
        yield
    finally:
        handle.remove()


class _Built(Exception):
    """Raised once the student's Trainer is made, to stop a run that only shows which arguments it gets."""


def _accelerator_where_there_is_a_gpu(train, config):
    """The accelerator the student's train gives its Trainer on a machine where torch sees a GPU, as vanilla's
    device line would (torch.cuda.is_available() answers True until the Trainer is made; nothing trains); None
    when that cannot be told."""
    from unittest import mock

    from lightning.pytorch import Trainer

    def built(trainer, *args, **kwargs):
        raise _Built(kwargs.get("accelerator", "auto"))

    try:
        with (
            mock.patch.object(torch.cuda, "is_available", return_value=True),
            mock.patch.object(Trainer, "__init__", built),
            _quiet_output(),
            _in_a_temporary_folder(),
        ):
            train(config)
    except _Built as made:
        return str(made.args[0])
    except Exception:  # code that uses the GPU it was told of: no Trainer to judge
        return None
    return None


@contextlib.contextmanager
def _trainer_watched(config, seen, drop):
    """While the student's train runs: records the arguments of every Trainer made (leaving out `drop`), then, when
    fit starts, the Trainer, the DataLoader, the model's weights and the random state; stops a fit that would run
    longer than config.epochs or on a loader unlike vanilla's, naming what differs."""
    from lightning.pytorch import Trainer

    from lightning_version.minimal import Losses

    init, fit = Trainer.__init__, Trainer.fit

    def watched_init(trainer, *args, **kwargs):
        # as given: Lightning adds its default callbacks to the very list it gets
        seen["arguments"] = {
            key: list(value) if isinstance(value, list) else value for key, value in kwargs.items()
        }
        if drop == "callbacks":
            callbacks = kwargs.get("callbacks") or []
            callbacks = callbacks if isinstance(callbacks, (list, tuple)) else [callbacks]
            kwargs["callbacks"] = [
                callback for callback in callbacks if isinstance(callback, Losses)
            ]
        elif drop is not None:
            kwargs.pop(drop, None)
        return init(trainer, *args, **kwargs)

    def watched_fit(trainer, model, train_dataloaders=None, *args, **kwargs):
        __tracebackhide__ = True
        seen["trainer"], seen["loader"], seen["at_fit"] = (
            trainer,
            train_dataloaders,
            torch.get_rng_state(),
        )
        seen["initial"] = torch.cat([p.detach().flatten().cpu() for p in model.parameters()])
        epochs = trainer.max_epochs
        if trainer.max_steps in (-1, None) and (
            epochs is None or epochs < 0 or epochs > config.epochs
        ):
            runs = {
                None: "1000 epochs (max_epochs defaults to 1000)",
                -1: "forever (max_epochs=-1)",
            }.get(epochs, f"{epochs} epochs")
            fail(
                f"The Trainer would run {runs}, but config.epochs is {config.epochs}: the Trainer's epochs replace "
                f'vanilla\'s epoch loop (lesson 3, "What moved where"). Fix: give the Trainer max_epochs from the '
                "config."
            )
        _check_loader(train_dataloaders, config)
        hparams = dict(getattr(model, "hparams", {}))
        if (
            hparams.get("lr", config.lr) != config.lr
            or hparams.get("n_features", config.n_features) != config.n_features
        ):
            fail(
                f"The LitRegressor is made with {hparams}, but the config says n_features={config.n_features}, "
                f"lr={config.lr} {THE_PROOF}. Fix: make it with the config's number of features and learning "
                "rate, as vanilla makes its model and optimizer."
            )
        return fit(trainer, model, train_dataloaders, *args, **kwargs)

    Trainer.__init__, Trainer.fit = watched_init, watched_fit
    try:
        yield
    finally:
        Trainer.__init__, Trainer.fit = init, fit


def _check_loader(loader, config):
    __tracebackhide__ = True
    from torch.utils.data import DataLoader, RandomSampler

    if not isinstance(loader, DataLoader):
        return
    fix = "Fix: make the DataLoader as vanilla/minimal.py does, its batch size and shuffle read from the config."
    if loader.batch_size != config.batch_size:
        fail(
            f"The DataLoader has batch_size={loader.batch_size}, but config.batch_size is {config.batch_size} "
            f"{THE_PROOF}. {fix}"
        )
    if isinstance(loader.sampler, RandomSampler) != config.shuffle:
        fail(
            f"The DataLoader {'shuffles' if not config.shuffle else 'does not shuffle'}, but config.shuffle is "
            f"{config.shuffle} {THE_PROOF}. {fix}"
        )


@contextlib.contextmanager
def _in_a_temporary_folder():
    """A Trainer with its default logger writes lightning_logs/ where it runs: here, never beside the notebook."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # contextlib.chdir would do, from Python 3.11 on
        try:
            yield
        finally:
            os.chdir(before)


@contextlib.contextmanager
def _quiet_output():
    """The vanilla loop prints every second batch; a default Trainer draws a progress bar with timings."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield
