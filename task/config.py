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
from common.checks import one_line

ACCELERATORS = ("auto", "cpu", "cuda")
PRECISIONS = ("32", "bf16-mixed", "16-mixed")
DATASETS = ("synthetic", "diabetes")
STRATEGIES = ("auto", "ddp", "ddp_spawn", "ddp_notebook")
LARGEST = 2**31 - 1  # the largest count any flag takes: beyond it sizes overflow C integers or memory
LARGEST_SEED = 2**32 - 1  # Lightning's seed_everything accepts 0 to 2**32 - 1; the vanilla loop keeps to the same
LARGEST_DATA = 10**8  # values in X (n_samples x n_features): about 0.4 GB in float32, made in memory
FLOAT32 = torch.finfo(torch.float32)  # the weights, gradients and data are float32: its range bounds the numbers
ROUNDED_AWAY = {"lr": "use a larger --lr", "noise": "pass 0 for no noise, or a larger value",
                "gradient_clip_val": "pass 0 to turn clipping off, or a larger value"}


@dataclass(frozen=True)
class TrainConfig:
    dataset: str = "synthetic"  # "synthetic": y = X @ w_true + b_true + noise; "diabetes": the shipped real data
    n_samples: int = 100  # rows of X
    n_features: int = 10  # columns of X, inputs of nn.Linear
    noise: float = 0.1  # std of the noise added to y = X @ w_true + b_true
    data_seed: int = 0  # seeds the data recipe only, so the data never changes with --seed
    seed: int = 42  # seeds the initial weights and the shuffle order
    lr: float = 0.01  # SGD learning rate; below float32's resolution (1.19e-07) a step may move no weight: warned
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
            _float32(self, field)
        if self.smallest_lr() < FLOAT32.tiny:  # ExponentialLR keeps the lr in float64, SGD's step rounds it to 0
            first = math.floor(math.log(FLOAT32.tiny / self.lr) / math.log(self.lr_decay)) + 1  # from 0, as logged
            enough = (FLOAT32.tiny / self.lr) ** (1 / (self.epochs - 1))
            raise ConfigError("lr_decay", f"{self.lr_decay!r} takes the lr (--lr x --lr-decay ** epoch) below "
                                          f"float32's smallest normal number ({FLOAT32.tiny:.4g}) from epoch {first} "
                                          "on, which float32 math rounds away, so those epochs would change "
                                          f"nothing: use --lr-decay {enough:.4g} or more, or --epochs {first}")
        n_train, n_val = split_sizes(self)
        if self.val_fraction and n_val < 2:  # R² compares the rows with their mean: one row has no spread
            raise ConfigError("val_fraction", f"{self.val_fraction} holds out {n_val} of {n_train + n_val} rows, and "
                                              "validation needs 2 or more: raise it, or pass 0 for no validation")
        if n_train < 2:  # one row has no spread to standardise the diabetes columns by, nor to learn from
            raise ConfigError("val_fraction", f"{self.val_fraction} leaves {n_train} of {n_train + n_val} rows to "
                                              "train on, and training needs 2 or more: lower it, or add --n-samples")
        batches = batches_per_epoch(self)
        if self.accumulate_grad_batches > batches:  # the window never fills: its sum is divided by too many
            raise ConfigError("accumulate_grad_batches", f"{self.accumulate_grad_batches} is more than the {batches} "
                                                         "batches of an epoch (per process), so each epoch would end "
                                                         "with one step of a gradient divided by "
                                                         f"{self.accumulate_grad_batches}: use at most {batches}")
        _one_of(self, "precision", PRECISIONS)
        _one_of(self, "accelerator", ACCELERATORS)
        if self.accelerator == "cuda" and not torch.cuda.is_available():
            raise ConfigError("accelerator", "is 'cuda' but this machine has no CUDA GPU: use --accelerator cpu or auto")

    def smallest_lr(self):
        """The lr of the last epoch: --lr after --epochs - 1 decays."""
        return self.lr * self.lr_decay ** (self.epochs - 1)


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
    """A config value that cannot work; names the field (or the environment variable) and what to do."""

    def __init__(self, field, problem, variable=None):
        self.field = field
        super().__init__(f"{variable or flag(field)} {problem}")


def flag(field):
    return "--" + field.replace("_", "-")


def _at_least(config, field, low, high=LARGEST):
    value = getattr(config, field)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ConfigError(field, f"must be a whole number >= {low}, got {value!r}")
    if value > high:
        raise ConfigError(field, f"must be a whole number from {low} to {high}, got {value!r}")


def _float32(config, field):
    """Refuses a number float32 cannot hold, and one so small that float32 math rounds it away: added to a weight
    or a target (or scaling a gradient, for clipping) it would change nothing."""
    value = getattr(config, field)
    if math.isinf(value):
        raise ConfigError(field, f"must be a finite number, got {value}")
    if value > FLOAT32.max:
        raise ConfigError(field, f"{value!r} is above float32's largest number ({FLOAT32.max:.4g}), and the "
                                 "weights, gradients and data are float32: use a smaller value")
    if 0 < value < FLOAT32.tiny:
        raise ConfigError(field, f"{value!r} is below float32's smallest normal number ({FLOAT32.tiny:.4g}), which "
                                 f"float32 math rounds away, so it would change nothing: {ROUNDED_AWAY[field]}")


def batches_per_epoch(config):
    """Batches of one process's share of the training rows: a DistributedSampler pads the shares to one size."""
    n_train, _ = split_sizes(config)
    return math.ceil(math.ceil(n_train / (config.devices * config.num_nodes)) / config.batch_size)


def _one_of(config, field, allowed):
    value = getattr(config, field)
    if value not in allowed:
        raise ConfigError(field, f"must be one of {', '.join(allowed)}, got {value!r}")


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad flag ends with one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see --help)\n")


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


def parse_cli(argv=None, prog="python -m vanilla", training=True, starts_processes=True):
    """Flags -> (TrainConfig, verbose); an impossible value, launch or folder exits with status 2 and one line.

    starts_processes: whether the command starts a process per device itself for --devices above 1, as Lightning's
    Trainer does; the hand-written loop (False) needs torchrun's."""
    parser = build_parser(prog, training)
    args = vars(parser.parse_args(argv))
    verbose = args.pop("verbose", False)
    try:
        config = TrainConfig(**args)
        check_command_line(config)
        check_launch(config, starts_processes=starts_processes)
        if training:  # course.compare refuses the folder flags itself: it writes no version's files
            check_folders(config)
    except ConfigError as error:
        parser.error(str(error))
    for warning in (ignored_flags(config), lr_too_small(config)):
        if warning:
            print(f"{prog}: warning: {one_line(warning)}", file=sys.stderr)
    return config, verbose


def parse_args(argv=None, prog="python -m vanilla"):
    """Flags -> TrainConfig, for commands that train but are not the training command lines (course.compare)."""
    return parse_cli(argv, prog, training=False)[0]


def check_command_line(config):
    """What only a command line refuses: a log folder that would get no training row, and a strategy that keeps
    the losses in its worker processes, so that the command would print no table (both fine from Python)."""
    steps = config.epochs * math.ceil(batches_per_epoch(config) / config.accumulate_grad_batches)
    if config.log_dir and config.log_every_n_steps > steps:
        raise ConfigError("log_every_n_steps", f"{config.log_every_n_steps} is more than the {steps} optimizer steps "
                                               f"of this run, so {config.log_dir} would get no train_loss row: use "
                                               f"at most {steps}, or leave out --log-dir")
    if config.strategy in ("ddp_spawn", "ddp_notebook"):
        raise ConfigError("strategy", f"{config.strategy} starts the processes from inside Python (for notebooks) "
                                      "and keeps the losses there, so the command would print none: use --strategy "
                                      "ddp, which starts this command again for each process")


def ignored_flags(config):
    """A warning for the flags the chosen data set ignores, or "": the run is right, but they did nothing."""
    given = [f"{flag(field.name)} {getattr(config, field.name)}" for field in fields(TrainConfig)
             if field.name in ("n_samples", "noise") and getattr(config, field.name) != field.default]
    if config.dataset != "diabetes" or not given:
        return ""
    return (f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} ignored with --dataset diabetes (its 442 "
            "rows are fixed): leave them out")


def lr_too_small(config):
    """A warning when the lr falls below float32's resolution (eps), or "": a step lr x gradient then moves a float32
    weight w only when |gradient| > |w| x eps / (2 lr), so training may change nothing (--lr 1e-20: none of it)."""
    lowest = config.smallest_lr()
    if lowest >= FLOAT32.eps:
        return ""
    where = f"--lr {config.lr}" if lowest == config.lr else f"the lr of the last epoch ({lowest:.4g})"
    return (f"{where} is below float32's resolution ({FLOAT32.eps:.4g}): a step moves a float32 weight w only where "
            f"|gradient| > |w| x {FLOAT32.eps / (2 * lowest):.3g}, so training may change nothing: use a larger --lr"
            + ("" if lowest == config.lr else " or --lr-decay, or fewer --epochs"))


LAUNCHERS = {  # the variable that marks a launcher's processes -> the launcher, the others it sets, its counts
    "TORCHELASTIC_RUN_ID": ("torchrun", ("RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "GROUP_RANK",
                                         "MASTER_ADDR", "MASTER_PORT"),
                            {"WORLD_SIZE": "processes", "LOCAL_WORLD_SIZE": "devices"}),
    "SLURM_NTASKS": ("srun", ("SLURM_PROCID", "SLURM_LOCALID", "SLURM_NODEID"),
                     {"SLURM_NTASKS": "processes", "SLURM_NTASKS_PER_NODE": "devices", "SLURM_NNODES": "num_nodes"}),
}
RANKS = {  # a process's numbers as launchers set them, and what each counts; Lightning logs from number 0 only
    "RANK": "processes", "LOCAL_RANK": "devices", "SLURM_PROCID": "processes", "SLURM_LOCALID": "devices",
    "JSM_NAMESPACE_RANK": "processes", "NODE_RANK": "num_nodes", "GROUP_RANK": "num_nodes",
    "SLURM_NODEID": "num_nodes",
}
SIZES = {"WORLD_SIZE": "processes", "LOCAL_WORLD_SIZE": "devices"}  # torchrun's counts, and Lightning's own processes'
RENDEZVOUS = ("WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")  # what a process of several needs to find the others


def check_launch(config, environ=os.environ, starts_processes=True):
    """Refuses, before any process starts (and before Lightning's import reads them), a launch that would wait
    forever for processes nobody starts, and launcher variables that do not describe this run: each one set must
    be a whole number, a launcher's set complete, and every count and number fit the flags. starts_processes: see
    parse_cli."""
    for name in (*RANKS, *SIZES, "MASTER_PORT"):
        if name in environ:
            _number(environ, name)
    launcher = _launcher(config, environ)
    if config.num_nodes > 1 and not launcher:
        raise ConfigError("num_nodes", f"{config.num_nodes} needs the other machines' processes, which only a "
                                       "launcher starts (torchrun --nnodes, or srun under SLURM): start this command "
                                       "under one on every machine, or use --num-nodes 1")
    cuda = config.accelerator == "cuda" or (config.accelerator == "auto" and torch.cuda.is_available())
    have, kind = (torch.cuda.device_count(), "CUDA GPUs") if cuda else (os.cpu_count() or 1, "CPU cores")
    if config.devices > have:
        other = ", or --accelerator cpu" if cuda else ""
        raise ConfigError("devices", f"{config.devices} asks for a process per device, and this machine has {have} "
                                     f"{kind}: use --devices {have} or fewer{other}")
    counts = _counts(config)
    for name, counted in SIZES.items():
        if name in environ and _number(environ, name) != counts[counted]:
            raise ConfigError(name, f"in the environment says the run has {environ[name]} {counted}, but --devices "
                                    f"{config.devices} x --num-nodes {config.num_nodes} has {counts[counted]}: unset "
                                    f"{name}, or pass flags that match it", variable=f"{name}={environ[name]}")
    ranked = [name for name in RANKS if name in environ and not name.startswith(("SLURM_", "JSM_"))]
    missing = [name for name in RENDEZVOUS if name not in environ]
    if counts["processes"] > 1 and not launcher and ranked and missing:
        are = "is" if len(missing) == 1 else "are"
        raise ConfigError(ranked[0], f"in the environment makes this process one of {counts['processes']} that a "
                                     f"launcher started, but {', '.join(missing)} {are} not set, so none did and the "
                                     f"others would never come: unset {ranked[0]}, or start the command under torchrun",
                          variable=f"{ranked[0]}={environ[ranked[0]]}")
    if counts["processes"] > 1 and not starts_processes and launcher != "torchrun":
        nodes = "--standalone" if config.num_nodes == 1 else f"--nnodes {config.num_nodes} ..."
        raise ConfigError("devices", f"{config.devices} x --num-nodes {config.num_nodes} needs one process per "
                                     "device, and the hand-written loop starts none (Lightning's Trainer starts its "
                                     f"own): start it with torchrun {nodes} --nproc-per-node {config.devices} -m "
                                     "vanilla ..., or call vanilla.ddp.launch(config) from Python")
    for name, counted in RANKS.items():
        if name in environ and not _number(environ, name) < counts[counted]:
            raise ConfigError(name, f"in the environment makes this process number {environ[name]} of the run's "
                                    f"{counted}, but --devices {config.devices} x --num-nodes {config.num_nodes} "
                                    f"has {counts[counted]} (numbered from 0), and only number 0 writes logs: unset "
                                    f"{name}, or start the command under the launcher that sets it",
                              variable=f"{name}={environ[name]}")


def _launcher(config, environ):
    """The launcher that started this process, once its variables are all there and count this run; else None.
    SLURM's job names "bash" and "interactive" mark an allocation used by hand: Lightning ignores SLURM there."""
    marker = next((name for name in LAUNCHERS if name in environ), None)
    if marker == "SLURM_NTASKS" and environ.get("SLURM_JOB_NAME") in ("bash", "interactive"):
        return None
    if marker is None:
        return None
    launcher, needed, sizes = LAUNCHERS[marker]
    if marker == "SLURM_NTASKS" and _number(environ, marker) > 1:  # Lightning refuses srun --ntasks without it
        needed += ("SLURM_NTASKS_PER_NODE",)
    missing = [name for name in needed if name not in environ]
    if missing:
        raise ConfigError(marker, f"is set, as {launcher} sets it, but not {', '.join(missing)}, so {launcher} did "
                                  f"not start this process: start the command under {launcher}, or unset {marker}",
                          variable=marker)
    counts = _counts(config)
    for name, counted in sizes.items():
        if name in environ and _number(environ, name) != counts[counted]:
            raise ConfigError(name, f"in the environment says {launcher} started {environ[name]} {counted}, but "
                                    f"--devices {config.devices} x --num-nodes {config.num_nodes} has "
                                    f"{counts[counted]}: pass flags that match what {launcher} started",
                              variable=f"{name}={environ[name]}")
    return launcher


def _counts(config):
    return {"processes": config.devices * config.num_nodes, "devices": config.devices, "num_nodes": config.num_nodes}


def _number(environ, name):
    if not re.fullmatch(r"[0-9]+", environ[name]):  # int() would also take " 1", "+1", "1_0" and other digits
        raise ConfigError(name, "in the environment is not a whole number >= 0: unset it, or start the command "
                                "under the launcher that sets it", variable=f"{name}={environ[name]!r}")
    return int(environ[name])


def check_folders(config):
    """Refuses a --checkpoint-dir or --log-dir that is a file or a link to nothing, whose name the file system
    refuses (too long), or where no file can be written; a file in --log-dir named as a run's folder (version_N)
    would be; and --resume from a folder that does not exist (nothing is created for it)."""
    for field in ("checkpoint_dir", "log_dir"):
        folder = Path(getattr(config, field))
        if not getattr(config, field):
            continue
        try:
            dangling = next((path for path in (folder, *folder.parents) if path.is_symlink() and not path.exists()),
                            None)
            if dangling:
                raise ConfigError(field, f"{folder}: {dangling} is a link to {os.readlink(dangling)}, which does not "
                                         "exist, so no folder can be made there: create what it points to, or "
                                         "choose another path")
            existing = next(path for path in (folder, *folder.parents) if path.exists() or path == Path(path.anchor))
            in_the_way = [path.name for path in folder.glob("version_*") if _version(path) and not path.is_dir()]
        except OSError as error:  # ENAMETOOLONG: a name over 255 bytes, or a path over 4096
            raise ConfigError(field, f"{_shortened(folder)}: {error.strerror}: choose a shorter path") from None
        if not existing.is_dir():
            where = "is a file" if existing == folder else f"is inside {existing}, which is a file"
            raise ConfigError(field, f"{folder} {where}, not a folder: choose another path")
        try:
            tempfile.TemporaryFile(dir=existing).close()
        except OSError as error:
            raise ConfigError(field, f"{folder}: no file can be written in {existing} ({error.strerror}): choose "
                                     "a folder you can write to") from None
        if field == "checkpoint_dir" and config.resume and existing != folder:
            raise ConfigError("resume", f"finds no folder {folder} to continue from: check --checkpoint-dir, or leave "
                                        "out --resume to start a run there")
        if field == "log_dir" and in_the_way:
            raise ConfigError(field, f"{folder} holds a file named {sorted(in_the_way)[0]}, the name of a run's "
                                     "folder there: move it away, or choose another --log-dir")


def _version(path):
    """Whether path is named as CSVLogger numbers runs' folders (version_N), by its rule."""
    return path.name.startswith("version_") and path.name.split("_")[1].isdigit()


def _shortened(path):
    """A path for a one-line message: its first and last 40 characters."""
    text = str(path)
    return text if len(text) <= 90 else f"{text[:40]}...{text[-40:]} ({len(text)} characters)"
