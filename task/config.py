"""One typed config drives both versions; each field is a row of the Rosetta table."""
import argparse
import importlib.metadata
import inspect
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

import torch

from task.recipe import split_sizes

ACCELERATORS = ("auto", "cpu", "cuda")
PRECISIONS = ("32", "bf16-mixed", "16-mixed")
DATASETS = ("synthetic", "diabetes")
STRATEGIES = ("auto", "ddp", "ddp_spawn", "ddp_notebook")
LARGEST = 2**31 - 1  # the largest count any flag takes: beyond it sizes overflow C integers or memory
LARGEST_SEED = 2**32 - 1  # Lightning's seed_everything accepts 0 to 2**32 - 1; the vanilla loop keeps to the same
LARGEST_DATA = 10**8  # values in X (n_samples x n_features): about 0.4 GB in float32, made in memory


@dataclass(frozen=True)
class TrainConfig:
    dataset: str = "synthetic"  # "synthetic": y = X @ w_true + b_true + noise; "diabetes": the shipped real data
    n_samples: int = 100  # rows of X
    n_features: int = 10  # columns of X, inputs of nn.Linear
    noise: float = 0.1  # std of the noise added to y = X @ w_true + b_true
    data_seed: int = 0  # seeds the data recipe only, so the data never changes with --seed
    seed: int = 42  # seeds the initial weights and the shuffle order
    lr: float = 0.01  # SGD learning rate
    lr_decay: float = 1.0  # the lr is multiplied by this after every epoch (ExponentialLR); 1 keeps it
    batch_size: int = 10  # rows per optimizer step
    epochs: int = 5  # passes over the data
    shuffle: bool = False  # reshuffle the rows every epoch
    accelerator: str = "auto"  # where to train: "auto" takes a CUDA GPU when there is one, else the CPU
    devices: int = 1  # processes per machine, one per device; above 1 trains data-parallel (lesson 6)
    num_nodes: int = 1  # machines; processes in all = devices * num_nodes
    strategy: str = "auto"  # how Lightning starts the processes: "ddp" (a script), "ddp_notebook" (fork, in Jupyter)
    precision: str = "32"  # "32": float32; "bf16-mixed"/"16-mixed": forward and loss in bfloat16/float16
    accumulate_grad_batches: int = 1  # batches whose gradients add up before one optimizer step
    gradient_clip_val: float = 0.0  # largest gradient norm before the step; 0 turns clipping off
    val_fraction: float = 0.0  # share of the rows held out for validation; 0 validates nothing
    early_stopping_patience: int = 0  # validations without a lower val_loss before stopping; 0 never stops early
    log_every_n_steps: int = 2  # a loss to metrics.csv every N optimizer steps
    log_dir: str = ""  # folder for metrics.csv; "" writes no log file
    checkpoint_dir: str = ""  # folder for a checkpoint after every epoch; "" saves none
    resume: bool = False  # continue from the last checkpoint in checkpoint_dir
    progress_bar: bool = False  # a progress bar of each epoch's batches on stdout

    def __post_init__(self):
        _at_least(self, "n_samples", 2)
        _at_least(self, "n_features", 1)
        _at_least(self, "batch_size", 1)
        _at_least(self, "epochs", 1)
        _at_least(self, "log_every_n_steps", 1)
        _at_least(self, "accumulate_grad_batches", 1)
        _at_least(self, "devices", 1)
        _at_least(self, "num_nodes", 1)
        _one_of(self, "strategy", STRATEGIES)
        _at_least(self, "early_stopping_patience", 0)
        _at_least(self, "seed", 0, LARGEST_SEED)
        _at_least(self, "data_seed", 0, LARGEST_SEED)
        if self.n_samples * self.n_features > LARGEST_DATA and self.dataset == "synthetic":
            raise ConfigError("n_samples", f"x --n-features is {self.n_samples * self.n_features} values, made in "
                                           f"memory: keep n_samples x n_features at most {LARGEST_DATA}")
        if not 0 <= self.val_fraction < 1:
            raise ConfigError("val_fraction", f"must be a number from 0 up to (not including) 1, got {self.val_fraction}")
        if self.early_stopping_patience and not self.val_fraction:
            raise ConfigError("early_stopping_patience", "needs --val-fraction above 0: early stopping watches val_loss")
        if self.resume and not self.checkpoint_dir:
            raise ConfigError("resume", "needs --checkpoint-dir: the folder to resume from")
        _one_of(self, "dataset", DATASETS)
        if self.dataset == "diabetes" and self.n_features != 10:
            raise ConfigError("n_features", f"must be 10 with --dataset diabetes (it has 10 columns), got {self.n_features}")
        if not self.noise >= 0:
            raise ConfigError("noise", f"must be a number >= 0, got {self.noise}")
        if not self.lr > 0:
            raise ConfigError("lr", f"must be a number > 0, got {self.lr}")
        if not 0 < self.lr_decay <= 1:
            raise ConfigError("lr_decay", f"must be a number above 0 and at most 1 (1 keeps the lr), "
                                          f"got {self.lr_decay}")
        if not self.gradient_clip_val >= 0:
            raise ConfigError("gradient_clip_val", f"must be a number >= 0 (0 turns clipping off), got {self.gradient_clip_val}")
        for field in ("noise", "lr", "gradient_clip_val"):
            if math.isinf(getattr(self, field)):
                raise ConfigError(field, f"must be a finite number, got {getattr(self, field)}")
        n_train, n_val = split_sizes(self)
        if self.val_fraction and n_val < 2:  # R² compares the rows with their mean: one row has no spread
            raise ConfigError("val_fraction", f"{self.val_fraction} holds out {n_val} of {n_train + n_val} rows, and "
                                              "validation needs 2 or more: raise it, or pass 0 for no validation")
        if n_train < 2:  # one row has no spread to standardise the diabetes columns by, nor to learn from
            raise ConfigError("val_fraction", f"{self.val_fraction} leaves {n_train} of {n_train + n_val} rows to "
                                              "train on, and training needs 2 or more: lower it, or add --n-samples")
        _one_of(self, "precision", PRECISIONS)
        _one_of(self, "accelerator", ACCELERATORS)
        if self.accelerator == "cuda" and not torch.cuda.is_available():
            raise ConfigError("accelerator", "is 'cuda' but this machine has no CUDA GPU: use --accelerator cpu or auto")


# --help's groups, in the order of the Rosetta table (course/rosetta.py)
GROUPS = {
    "data": ("dataset", "n_samples", "n_features", "noise", "data_seed", "batch_size", "shuffle"),
    "model and optimizer": ("seed", "lr", "lr_decay"),
    "loop": ("epochs",),
    "devices": ("accelerator", "devices", "num_nodes", "strategy"),
    "precision and tricks": ("precision", "accumulate_grad_batches", "gradient_clip_val"),
    "validation": ("val_fraction", "early_stopping_patience"),
    "logging and checkpoints": ("log_every_n_steps", "log_dir", "checkpoint_dir", "resume", "progress_bar"),
}
CHOICES = {"dataset": DATASETS, "accelerator": ACCELERATORS, "strategy": STRATEGIES, "precision": PRECISIONS}


def comments():
    """Each TrainConfig field's comment, from its line in this file: the descriptions --help shows."""
    pattern = re.compile(r"\s+(\w+): \w+ = .*?  # (.*)")
    return {match[1]: match[2] for line in inspect.getsource(TrainConfig).splitlines()
            if (match := pattern.fullmatch(line))}


class ConfigError(ValueError):
    """A config value that cannot work; names the field and the values it accepts."""

    def __init__(self, field, problem):
        self.field = field
        super().__init__(f"{flag(field)} {problem}")


def flag(field):
    return "--" + field.replace("_", "-")


def _at_least(config, field, low, high=LARGEST):
    value = getattr(config, field)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ConfigError(field, f"must be a whole number >= {low}, got {value!r}")
    if value > high:
        raise ConfigError(field, f"must be a whole number from {low} to {high}, got {value!r}")


def _one_of(config, field, allowed):
    value = getattr(config, field)
    if value not in allowed:
        raise ConfigError(field, f"must be one of {', '.join(allowed)}, got {value!r}")


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad flag ends with one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser(prog, training=True):
    """The flags of TrainConfig, grouped as the Rosetta table. training: the training command lines' own output
    options, --verbose and a progress bar on by default in a terminal; other commands (course.compare) leave them."""
    parser = _OneLineParser(prog=prog, description="Train the regression task (100 rows, 10 features, nn.Linear, "
                            "SGD, MSE) and print a table of its epochs.", allow_abbrev=False)
    if training:
        parser.add_argument("--version", action=_Version, nargs=0, default=argparse.SUPPRESS,
                            help="show the course's, torch's and Lightning's versions and exit")
    described, by_name = comments(), {field.name: field for field in fields(TrainConfig)}
    for title, names in GROUPS.items():
        group = parser.add_argument_group(title)
        for name in names:
            field = by_name[name]
            help_ = described[name].replace("%", "%%")
            if field.type in ("bool", bool):
                default, said = field.default, "on" if field.default else "off"
                if name == "progress_bar" and training:
                    default, said = sys.stdout.isatty(), "on when stdout is a terminal"
                group.add_argument(flag(name), action=argparse.BooleanOptionalAction, default=default,
                                   help=f"{help_} (default: {said})")
            else:
                kind = {"int": int, "float": float, "str": str}[getattr(field.type, "__name__", field.type)]
                metavar = "{" + ",".join(CHOICES[name]) + "}" if name in CHOICES else kind.__name__.upper()
                metavar = "DIR" if name.endswith("_dir") else metavar
                default = f" (default: {field.default})" if field.default != "" else ""
                group.add_argument(flag(name), type=kind, default=field.default, metavar=metavar,
                                   help=help_ + default)
        if title == "logging and checkpoints" and training:
            group.add_argument("--verbose", action="store_true", help="also print Lightning's own info lines "
                               "(banners, tips) and, in the vanilla loop, each logged loss, on stderr (default: off)")
    return parser


class _Version(argparse.Action):
    """--version, with the versions read only when it is asked for: reading Lightning's imports it (a second)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog} ({versions()})")
        parser.exit()


def versions():
    """For --version: "vanilla-to-lightning 0.1.0; torch 2.13.0+cpu, lightning 2.6.6". torch's own __version__
    names its build (+cpu, +cu130), which the CUDA build's package metadata leaves out."""
    import lightning
    import torch

    try:
        course = importlib.metadata.version("vanilla-to-lightning")
    except importlib.metadata.PackageNotFoundError:  # the course not pip-installed
        course = "(not installed)"
    return f"vanilla-to-lightning {course}; torch {torch.__version__}, lightning {lightning.__version__}"


def parse_cli(argv=None, prog="python -m vanilla", training=True):
    """Flags -> (TrainConfig, verbose); an impossible value, launch or folder exits with status 2 and one line."""
    parser = build_parser(prog, training)
    args = vars(parser.parse_args(argv))
    verbose = args.pop("verbose", False)
    try:
        config = TrainConfig(**args)
        check_launch(config)
        check_folders(config)
        return config, verbose
    except ConfigError as error:
        parser.error(str(error))


def parse_args(argv=None, prog="python -m vanilla"):
    """Flags -> TrainConfig, for commands that train but are not the training command lines (course.compare)."""
    return parse_cli(argv, prog, training=False)[0]


def check_launch(config, environ=os.environ):
    """Refuses, before any process starts, a launch that would wait forever for processes nobody starts."""
    if config.num_nodes > 1 and not any(name in environ for name in ("TORCHELASTIC_RUN_ID", "SLURM_NTASKS")):
        raise ConfigError("num_nodes", f"{config.num_nodes} needs the other machines' processes, which only a "
                                       "launcher starts (torchrun --nnodes, or srun under SLURM): start this command "
                                       "under one on every machine, or use --num-nodes 1")
    cuda = config.accelerator == "cuda" or (config.accelerator == "auto" and torch.cuda.is_available())
    have, kind = (torch.cuda.device_count(), "CUDA GPUs") if cuda else (os.cpu_count() or 1, "CPU cores")
    if config.devices > have:
        other = ", or --accelerator cpu" if cuda else ""
        raise ConfigError("devices", f"{config.devices} asks for a process per device, and this machine has {have} "
                                     f"{kind}: use --devices {have} or fewer{other}")


def check_folders(config):
    """Refuses a --checkpoint-dir or --log-dir that is a file, or where no file can be written."""
    for field in ("checkpoint_dir", "log_dir"):
        folder = Path(getattr(config, field))
        if not getattr(config, field):
            continue
        existing = next(path for path in (folder, *folder.parents) if path.exists() or path == Path(path.anchor))
        if not existing.is_dir():
            where = "is a file" if existing == folder else f"is inside {existing}, which is a file"
            raise ConfigError(field, f"{folder} {where}, not a folder: choose another path")
        try:
            tempfile.TemporaryFile(dir=existing).close()
        except OSError as error:
            raise ConfigError(field, f"{folder}: no file can be written in {existing} ({error.strerror}): choose "
                                     "a folder you can write to") from None
