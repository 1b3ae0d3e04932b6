"""What a checkpoint must hold to be resumed, field by field, checked before any of it is restored:
each field of the right type and shape (check_fields), and all of them telling one story
(check_consistent): the epoch of the file's name, as many losses as its epochs had batches, finite
numbers only, and the optimizer and lr scheduler that the saved flags build. Every refusal is one
line naming the file and the field."""

import math
import re
from importlib.metadata import version
from pathlib import Path

import torch
from packaging.version import Version

from common.checks import RunError
from common.result import HISTORY
from task.config import batches_per_epoch, flag
from task.model import Regressor
from task.recipe import split_sizes

# as Lightning's ModelCheckpoint(filename="{epoch}") names them
CHECKPOINT = re.compile(r"epoch=(\d+)\.ckpt")
COUNT, RNG, LIGHTNING = "a whole number >= 0", "torch's random state", "a Lightning version"
OLDEST = Version("2.0.0")  # Lightning migrates older layouts on load, and no course run wrote one
VANILLA = "python -m vanilla"
EARLY_STOPPING = (
    "EarlyStopping{'monitor': 'val_loss', 'mode': 'min'}"  # the key of its state in Lightning's
)
FIT_LOOP = ("loops", "fit_loop")
RESUMED_FROM = {  # Lightning resumes from its loops' counters, not from 'epoch' and 'global_step'
    (*FIT_LOOP, "epoch_progress", "current", "processed"): "epochs",
    (
        *FIT_LOOP,
        "epoch_loop.automatic_optimization.optim_progress",
        "optimizer",
        "step",
        "total",
        "completed",
    ): "steps",
    (*FIT_LOOP, "epoch_loop.state_dict", "_batches_that_stepped"): "steps",
    ("global_step",): "steps",
}
PLACES = {  # where each version keeps what both save
    VANILLA: {
        "weights": ("model",),
        "optimizer": ("optimizer",),
        "scheduler": ("scheduler",),
        "history": ("history",),
        "best": ("best",),
        "since_best": ("bad_epochs",),
    },
    "python -m lightning_version": {
        "weights": ("state_dict",),
        "optimizer": ("optimizer_states", 0),
        "scheduler": ("lr_schedulers", 0),
        "history": ("callbacks", "History"),
        "best": ("callbacks", EARLY_STOPPING, "best_score"),
        "since_best": ("callbacks", EARLY_STOPPING, "wait_count"),
    },
}


class CheckpointError(RunError):
    """A checkpoint that cannot be read or resumed; the message names the file and what to do."""


def expected_fields(config, writer):
    """What a checkpoint of writer must hold to be resumed, key by key: a type, COUNT, RNG,
    LIGHTNING, a tensor's shape (a tuple), or a dict or list of those. A dict of shapes is the
    model's weights: no key more, none less."""
    with torch.device("meta"):  # shapes only: no memory, and no draw from the random state
        model = Regressor(config.n_features)
    weights = {name: tuple(value.shape) for name, value in model.state_dict().items()}
    history = {key: torch.Tensor for key in HISTORY}
    optimizer = {"state": dict, "param_groups": [{"params": list}]}
    if writer == VANILLA:
        return {
            "model": weights,
            "optimizer": optimizer,
            "scheduler": dict,
            "scaler": dict,
            "rng": RNG,
            "epoch": COUNT,
            "best": float,
            "bad_epochs": COUNT,
            "history": history,
        }
    callbacks = {"History": history, "RandomState": {"rng": RNG}}
    if config.early_stopping_patience:
        callbacks[EARLY_STOPPING] = {"best_score": torch.Tensor, "wait_count": COUNT}
    loops = {}
    for keys in RESUMED_FROM:
        *outer, last = keys
        place = loops
        for key in outer:
            place = place.setdefault(key, {})
        place[last] = COUNT
    return {
        "epoch": COUNT,
        "global_step": COUNT,
        "pytorch-lightning_version": LIGHTNING,
        "state_dict": {f"model.{name}": shape for name, shape in weights.items()},
        "optimizer_states": [optimizer],
        "lr_schedulers": [dict],
        "loops": loops["loops"],
        "callbacks": callbacks,
    }


def check_fields(value, expected, path, keys=()):
    """Refuses the checkpoint at path, naming the first field that is not as expected, before any is
    used."""
    if isinstance(expected, (dict, list)):
        if not isinstance(value, type(expected)):
            raise tampered(path, keys, f"is {_show(value)}, not a {type(expected).__name__}")
        if isinstance(expected, list) and len(value) != len(expected):
            raise tampered(path, keys, f"holds {len(value)} items, not {len(expected)}")
        if isinstance(expected, dict):
            missing = [key for key in expected if key not in value]
            if missing:
                raise tampered(path, [*keys, missing[0]], "is missing")
            extra = [key for key in value if key not in expected]
            if extra and expected and all(isinstance(shape, tuple) for shape in expected.values()):
                raise tampered(path, [*keys, extra[0]], "is not a weight of the model")
        for key in expected if isinstance(expected, dict) else range(len(expected)):
            check_fields(value[key], expected[key], path, [*keys, key])
    elif isinstance(expected, tuple):
        if not isinstance(value, torch.Tensor) or tuple(value.shape) != expected:
            raise tampered(path, keys, f"is {_show(value)}, not a tensor of shape {expected}")
    elif expected == RNG:
        size = torch.get_rng_state().numel()
        if (
            not isinstance(value, torch.Tensor)
            or value.dtype != torch.uint8
            or value.numel() != size
        ):
            raise tampered(path, keys, f"is {_show(value)}, not {RNG} ({size} bytes)")
    elif expected == LIGHTNING:
        installed = version("lightning")
        if not (
            isinstance(value, str)
            and re.fullmatch(r"\d+(\.\d+)*", value)
            and OLDEST <= Version(value) <= Version(installed)
        ):
            raise tampered(
                path,
                keys,
                f"is {_show(value)}, and this course resumes checkpoints of Lightning "
                f"{OLDEST} to {installed}",
            )
    elif expected == COUNT:
        if type(value) is not int or value < 0:
            raise tampered(path, keys, f"is {_show(value)}, not {COUNT}")
    elif expected is float:
        if type(value) not in (int, float):
            raise tampered(path, keys, f"is {_show(value)}, not a number")
    elif not isinstance(value, expected):
        raise tampered(path, keys, f"is {_show(value)}, not a {expected.__name__}")


def check_consistent(checkpoint, config, writer, path):
    """Refuses the checkpoint at path, naming the first field that disagrees with the file's name,
    with the other fields or with the flags (config, already known to be the saved ones). Call it
    after check_fields."""
    place, epoch = PLACES[writer], checkpoint["epoch"]
    named = CHECKPOINT.fullmatch(Path(path).name)
    if named and int(named[1]) != epoch:
        raise tampered(path, ["epoch"], f"is {epoch}, but the file's name says epoch={named[1]}")
    epochs, batches = epoch + 1, batches_per_epoch(config)
    steps = epochs * math.ceil(batches / config.accumulate_grad_batches)
    history = _at(checkpoint, place["history"])
    validations = epochs if split_sizes(config)[1] else 0
    each = f"each of epochs 0 to {epoch}"
    validated = (
        f"a validation after {each}" if validations else "no rows are held out to validate on"
    )
    lengths = {
        "step_losses": (epochs * batches, f"{batches} batches in {each}"),
        "val_loss": (validations, validated),
        "val_r2": (validations, validated),
    }
    for key, (length, why) in lengths.items():
        if len(history[key]) != length:
            raise tampered(
                path,
                [*place["history"], key],
                f"holds {len(history[key])} values, not {length} ({why})",
            )
    if writer != VANILLA:
        counts = {
            "epochs": (epochs, f"epoch {epoch} is the {_ordinal(epochs)}"),
            "steps": (steps, f"{epochs} epochs of {steps // epochs} optimizer steps"),
        }
        for keys, what in RESUMED_FROM.items():
            expected, why = counts[what]
            if _at(checkpoint, keys) != expected:
                raise tampered(path, keys, f"is {_at(checkpoint, keys)}, not {expected} ({why})")
    for name in ("weights", "optimizer", "history"):
        _check_finite(_at(checkpoint, place[name]), path, place[name])
    if writer == VANILLA or config.early_stopping_patience:
        _check_early_stopping(checkpoint, history["val_loss"], path, place)
    _check_optimizer(checkpoint, config, epochs, path, place)
    # the LightningModule's own arguments, which load_from_checkpoint would use
    if writer != VANILLA:
        module = {name: getattr(config, name) for name in ("n_features", "lr", "lr_decay")}
        saved = checkpoint.get("hyper_parameters")
        if not isinstance(saved, dict):
            raise tampered(
                path, ["hyper_parameters"], f"is {_show(saved)}, not a dict of {list(module)}"
            )
        for name in sorted(module | saved, key=str):
            if saved.get(name) != module.get(name):
                raise tampered(
                    path,
                    ["hyper_parameters", name],
                    f"is {_show(saved.get(name))}, not {module.get(name)!r} (the saved flags')",
                )


def _check_finite(value, path, keys):
    """A run stops at its first NaN or infinite loss, before it saves: every number it saved is
    finite."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _check_finite(inner, path, [*keys, key])
    elif (
        isinstance(value, torch.Tensor) and value.is_floating_point() and not value.isfinite().all()
    ):
        where = (~value.isfinite()).nonzero()[0].tolist()
        bad = value[tuple(where)].item()
        raise tampered(
            path,
            keys,
            f"holds {bad} at {where}, not a finite number (a run stops at its first nan or "
            "inf, before saving it)",
        )


def _check_early_stopping(checkpoint, val_loss, path, place):
    """Early stopping's state: the lowest val_loss so far (inf before any), and the validations
    since it."""
    best = val_loss.min().item() if len(val_loss) else math.inf
    # argmin: the first of equal ones
    since = len(val_loss) - 1 - int(val_loss.argmin()) if len(val_loss) else 0
    saved = _at(checkpoint, place["best"])
    if isinstance(saved, torch.Tensor) and saved.numel() == 1:  # Lightning's is a tensor
        saved = saved.item()
    if not isinstance(saved, (int, float)) or saved != best:
        shown = saved if isinstance(saved, (int, float)) else _show(saved)
        raise tampered(
            path, place["best"], f"is {shown}, but the lowest val_loss of the history is {best}"
        )
    if _at(checkpoint, place["since_best"]) != since:
        raise tampered(
            path,
            place["since_best"],
            f"is {_at(checkpoint, place['since_best'])}, but the history has "
            f"{since} validations after its lowest val_loss",
        )


def _check_optimizer(checkpoint, config, epochs, path, place):
    """The optimizer's hyperparameters and the lr scheduler's state must be what the course's SGD
    and ExponentialLR (both versions build the same) hold after `epochs` epochs with the saved --lr
    and --lr-decay."""
    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=config.lr)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=config.lr_decay)
    for _ in range(epochs):
        optimizer.step()  # no gradient, no change: the scheduler only asks that a step comes first
        scheduler.step()  # lr decay, once an epoch, as both versions do
    group = optimizer.state_dict()["param_groups"][0]
    expected = {
        (*place["optimizer"], "param_groups", 0, key): value
        for key, value in group.items()
        if key != "params"
    }
    expected |= {(*place["scheduler"], key): value for key, value in scheduler.state_dict().items()}
    why = (
        f"the course's SGD and ExponentialLR with {flag('lr')} {config.lr} and "
        f"{flag('lr_decay')} {config.lr_decay}"
    )
    for keys, value in expected.items():
        outer = _at(checkpoint, keys[:-1])
        if keys[-1] not in outer:
            raise tampered(path, keys, f"is missing ({why} hold {value!r})")
        if outer[keys[-1]] != value:
            raise tampered(
                path,
                keys,
                f"is {outer[keys[-1]]!r}, not {value!r}: {why} hold that after {epochs} epochs",
            )


def _at(checkpoint, keys):
    for key in keys:
        checkpoint = checkpoint[key]
    return checkpoint


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _show(value):
    """value, in a few words: a tensor's dtype and shape, or the type and the start of the repr."""
    if isinstance(value, torch.Tensor):
        return f"a {value.dtype} tensor of shape {tuple(value.shape)}"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def tampered(path, keys, problem):
    """The one line that refuses the checkpoint at path: checkpoint[keys[0]]...[keys[-1]] and what
    is wrong."""
    field = "checkpoint" + "".join(f"[{key!r}]" for key in keys)
    return CheckpointError(
        f"checkpoint {path} cannot be resumed: {field} {problem}, so it was changed after it "
        "was saved, or saved by other code; nothing was deleted: move it aside to resume from "
        "an earlier checkpoint, or start again without --resume"
    )
