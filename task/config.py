"""One typed config drives both versions; each field is a row of the Rosetta table, and a flag of
the command lines (common/cli/flags.py) with its help text."""

import math
from dataclasses import dataclass, field

import torch

from task.recipe import split_sizes

ACCELERATORS = ("auto", "cpu", "cuda")
PRECISIONS = ("32", "bf16-mixed", "16-mixed")
DATASETS = ("synthetic", "diabetes")
STRATEGIES = ("auto", "ddp", "ddp_spawn", "ddp_notebook")
# the largest count any flag takes: beyond it sizes overflow C integers or memory
LARGEST = 2**31 - 1
# Lightning's seed_everything accepts 0 to 2**32 - 1; the vanilla loop keeps to the same
LARGEST_SEED = 2**32 - 1
# values in X (n_samples x n_features): about 0.4 GB in float32, made in memory
LARGEST_DATA = 10**8
# the weights, gradients and data are float32: its range bounds the numbers
FLOAT32 = torch.finfo(torch.float32)
ROUNDED_AWAY = {
    "lr": "use a larger --lr",
    "noise": "pass 0 for no noise, or a larger value",
    "gradient_clip_val": "pass 0 to turn clipping off, or a larger value",
}


def option(default, help):
    """A TrainConfig field and its help text, kept as data (the field's metadata): --help prints
    it."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class TrainConfig:
    dataset: str = option(
        "synthetic",
        '"synthetic": y = X @ w_true + b_true + noise; "diabetes": the shipped real data',
    )
    n_samples: int = option(100, "rows of X")
    n_features: int = option(10, "columns of X, inputs of nn.Linear")
    noise: float = option(0.1, "std of the noise added to y = X @ w_true + b_true")
    data_seed: int = option(0, "seeds the data recipe only, so the data never changes with --seed")
    seed: int = option(42, "seeds the initial weights and the shuffle order")
    lr: float = option(
        0.01,
        "SGD learning rate; below float32's resolution (1.19e-07) "
        "a step may move no weight: warned",
    )
    lr_decay: float = option(
        1.0, "the lr is multiplied by this after every epoch (ExponentialLR); 1 keeps it"
    )
    batch_size: int = option(10, "rows per optimizer step")
    epochs: int = option(5, "passes over the data")
    shuffle: bool = option(False, "reshuffle the rows every epoch")
    accelerator: str = option(
        "auto", 'where to train: "auto" takes a CUDA GPU when there is one, else the CPU'
    )
    devices: int = option(
        1, "processes per machine, one per device; above 1 trains data-parallel (lesson 6)"
    )
    num_nodes: int = option(1, "machines; processes in all = devices * num_nodes")
    strategy: str = option(
        "auto",
        'how Lightning starts the processes: "ddp" (a script), "ddp_notebook" (fork, in Jupyter)',
    )
    precision: str = option(
        "32",
        '"32": float32; "bf16-mixed"/"16-mixed": steps 1-2 under autocast, '
        "matrix products in bfloat16/float16",
    )
    accumulate_grad_batches: int = option(
        1, "batches whose gradients add up before one optimizer step"
    )
    gradient_clip_val: float = option(
        0.0, "largest gradient norm before the step; 0 turns clipping off"
    )
    val_fraction: float = option(
        0.0, "share of the rows held out for validation; 0 validates nothing"
    )
    early_stopping_patience: int = option(
        0, "validations without a lower val_loss before stopping; 0 never stops early"
    )
    log_every_n_steps: int = option(2, "a loss to metrics.csv every N optimizer steps")
    log_dir: str = option("", 'folder for metrics.csv; "" writes no log file')
    checkpoint_dir: str = option("", 'folder for a checkpoint after every epoch; "" saves none')
    resume: bool = option(False, "continue from the last checkpoint in checkpoint_dir")
    progress_bar: bool = option(False, "a progress bar of each epoch's batches on stdout")

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
            raise ConfigError(
                "n_samples",
                f"x --n-features is {self.n_samples * self.n_features} values, made in "
                f"memory: keep n_samples x n_features at most {LARGEST_DATA}",
            )
        if not 0 <= self.val_fraction < 1:
            raise ConfigError(
                "val_fraction",
                f"must be a number from 0 up to (not including) 1, got {self.val_fraction}",
            )
        if self.early_stopping_patience and not self.val_fraction:
            raise ConfigError(
                "early_stopping_patience",
                "needs --val-fraction above 0: early stopping watches val_loss",
            )
        if self.resume and not self.checkpoint_dir:
            raise ConfigError("resume", "needs --checkpoint-dir: the folder to resume from")
        _one_of(self, "dataset", DATASETS)
        if self.dataset == "diabetes" and self.n_features != 10:
            raise ConfigError(
                "n_features",
                f"must be 10 with --dataset diabetes (it has 10 columns), got {self.n_features}",
            )
        if not self.noise >= 0:
            raise ConfigError("noise", f"must be a number >= 0, got {self.noise}")
        if not self.lr > 0:
            raise ConfigError("lr", f"must be a number > 0, got {self.lr}")
        if not 0 < self.lr_decay <= 1:
            raise ConfigError(
                "lr_decay",
                f"must be a number above 0 and at most 1 (1 keeps the lr), got {self.lr_decay}",
            )
        if not self.gradient_clip_val >= 0:
            raise ConfigError(
                "gradient_clip_val",
                f"must be a number >= 0 (0 turns clipping off), got {self.gradient_clip_val}",
            )
        for name in ("noise", "lr", "gradient_clip_val"):
            _float32(self, name)
        # ExponentialLR keeps the lr in float64, SGD's step rounds it to 0
        if self.smallest_lr() < FLOAT32.tiny:
            # from 0, as logged
            first = math.floor(math.log(FLOAT32.tiny / self.lr) / math.log(self.lr_decay)) + 1
            enough = (FLOAT32.tiny / self.lr) ** (1 / (self.epochs - 1))
            raise ConfigError(
                "lr_decay",
                f"{self.lr_decay!r} takes the lr (--lr x --lr-decay ** epoch) below "
                f"float32's smallest normal number ({FLOAT32.tiny:.4g}) from epoch {first} "
                "on, which float32 math rounds away, so those epochs would change "
                f"nothing: use --lr-decay {enough:.4g} or more, or --epochs {first}",
            )
        n_train, n_val = split_sizes(self)
        # R² compares the rows with their mean: one row has no spread
        if self.val_fraction and n_val < 2:
            raise ConfigError(
                "val_fraction",
                f"{self.val_fraction} holds out {n_val} of {n_train + n_val} rows, and "
                "validation needs 2 or more: raise it, or pass 0 for no validation",
            )
        # one row has no spread to standardise the diabetes columns by, nor to learn from
        if n_train < 2:
            raise ConfigError(
                "val_fraction",
                f"{self.val_fraction} leaves {n_train} of {n_train + n_val} rows to "
                "train on, and training needs 2 or more: lower it, or add --n-samples",
            )
        batches = batches_per_epoch(self)
        # the window never fills: its sum is divided by too many
        if self.accumulate_grad_batches > batches:
            raise ConfigError(
                "accumulate_grad_batches",
                f"{self.accumulate_grad_batches} is more than the {batches} "
                "batches of an epoch (per process), so each epoch would end "
                "with one step of a gradient divided by "
                f"{self.accumulate_grad_batches}: use at most {batches}",
            )
        _one_of(self, "precision", PRECISIONS)
        _one_of(self, "accelerator", ACCELERATORS)
        if self.accelerator == "cuda" and not torch.cuda.is_available():
            raise ConfigError(
                "accelerator",
                "is 'cuda' but this machine has no CUDA GPU: use --accelerator cpu or auto",
            )

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
    "logging and checkpoints": (
        "log_every_n_steps",
        "log_dir",
        "checkpoint_dir",
        "resume",
        "progress_bar",
    ),
}
CHOICES = {
    "dataset": DATASETS,
    "accelerator": ACCELERATORS,
    "strategy": STRATEGIES,
    "precision": PRECISIONS,
}


class ConfigError(ValueError):
    """A config value that cannot work; names the field (or the environment variable) and what to
    do."""

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
    """Refuses a number float32 cannot hold, and one so small that float32 math rounds it away:
    added to a weight or a target (or scaling a gradient, for clipping) it would change nothing."""
    value = getattr(config, field)
    if math.isinf(value):
        raise ConfigError(field, f"must be a finite number, got {value}")
    if value > FLOAT32.max:
        raise ConfigError(
            field,
            f"{value!r} is above float32's largest number ({FLOAT32.max:.4g}), and the "
            "weights, gradients and data are float32: use a smaller value",
        )
    if 0 < value < FLOAT32.tiny:
        raise ConfigError(
            field,
            f"{value!r} is below float32's smallest normal number ({FLOAT32.tiny:.4g}), which "
            f"float32 math rounds away, so it would change nothing: {ROUNDED_AWAY[field]}",
        )


def batches_per_epoch(config):
    """Batches of one process's share of the training rows: a DistributedSampler pads the shares to
    one size."""
    n_train, _ = split_sizes(config)
    return math.ceil(math.ceil(n_train / (config.devices * config.num_nodes)) / config.batch_size)


def _one_of(config, field, allowed):
    value = getattr(config, field)
    if value not in allowed:
        raise ConfigError(field, f"must be one of {', '.join(allowed)}, got {value!r}")
