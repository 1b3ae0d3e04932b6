"""The flags: argparse built from each TrainConfig field's metadata (--help), --version, and what
only a command line refuses or warns about (a log folder with no row, a strategy that prints
nothing, flags the data set ignores, an lr below float32's resolution)."""

import argparse
import importlib.metadata
import math
import sys
from dataclasses import fields

from common.cli.folders import check_folders
from common.cli.launch import check_launch


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad flag ends with one line on stderr and exit status 2."""

    def error(self, message):
        from common.checks import one_line

        self.exit(2, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def build_parser(prog, training=True):
    """The flags of TrainConfig, grouped as the Rosetta table, each with its field's help text (its
    metadata). training: the training command lines' own output options, --verbose and a progress
    bar on by default in a terminal; other commands (course.compare) leave them."""
    from task.config import CHOICES, GROUPS, TrainConfig, flag

    parser = _OneLineParser(
        prog=prog,
        description="Train the regression task (100 rows, 10 features, nn.Linear, "
        "SGD, MSE) and print a table of its epochs.",
        allow_abbrev=False,
    )
    if training:
        parser.add_argument(
            "--version",
            action=_Version,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show the course's, torch's and Lightning's versions and exit",
        )
    by_name = {field.name: field for field in fields(TrainConfig)}
    for title, names in GROUPS.items():
        group = parser.add_argument_group(title)
        for name in names:
            field = by_name[name]
            help_ = field.metadata["help"].replace("%", "%%")
            if field.type in ("bool", bool):
                default, said = field.default, "on" if field.default else "off"
                if name == "progress_bar" and training:
                    default, said = sys.stdout.isatty(), "on when stdout is a terminal"
                group.add_argument(
                    flag(name),
                    action=argparse.BooleanOptionalAction,
                    default=default,
                    help=f"{help_} (default: {said})",
                )
            else:
                kind = {"int": int, "float": float, "str": str}[
                    getattr(field.type, "__name__", field.type)
                ]
                metavar = (
                    "{" + ",".join(CHOICES[name]) + "}"
                    if name in CHOICES
                    else kind.__name__.upper()
                )
                metavar = "DIR" if name.endswith("_dir") else metavar
                default = f" (default: {field.default})" if field.default != "" else ""
                group.add_argument(
                    flag(name),
                    type=kind,
                    default=field.default,
                    metavar=metavar,
                    help=help_ + default,
                )
        if title == "logging and checkpoints" and training:
            group.add_argument(
                "--verbose",
                action="store_true",
                help="also print Lightning's own info lines (banners, tips) and, in the vanilla "
                "loop, each logged loss, on stderr (default: off)",
            )
    return parser


class _Version(argparse.Action):
    """--version, with the versions read only when it is asked for: reading Lightning's imports it
    (a second)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog} ({versions()})")
        parser.exit()


def versions():
    """For --version: "vanilla-to-lightning 0.1.0; torch 2.13.0+cpu, lightning 2.6.6". torch's own
    __version__ names its build (+cpu, +cu130), which the CUDA build's package metadata leaves
    out."""
    import lightning
    import torch

    try:
        course = importlib.metadata.version("vanilla-to-lightning")
    except importlib.metadata.PackageNotFoundError:  # the course not pip-installed
        course = "(not installed)"
    return (
        f"vanilla-to-lightning {course}; torch {torch.__version__}, "
        f"lightning {lightning.__version__}"
    )


def parse_cli(argv=None, prog="python -m vanilla", training=True, starts_processes=True):
    """Flags -> (TrainConfig, verbose); an impossible value, launch or folder exits with status 2
    and one line.

    starts_processes: whether the command starts a process per device itself for --devices above 1,
    as Lightning's Trainer does; the hand-written loop (False) needs torchrun's."""
    from common.checks import one_line
    from task.config import ConfigError, TrainConfig

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
    """Flags -> TrainConfig, for commands that train but are not the training command lines
    (course.compare)."""
    return parse_cli(argv, prog, training=False)[0]


def check_command_line(config):
    """What only a command line refuses: a log folder that would get no training row, and a strategy
    that keeps the losses in its worker processes, so that the command would print no table (both
    fine from Python)."""
    from task.config import ConfigError, batches_per_epoch

    steps = config.epochs * math.ceil(batches_per_epoch(config) / config.accumulate_grad_batches)
    if config.log_dir and config.log_every_n_steps > steps:
        raise ConfigError(
            "log_every_n_steps",
            f"{config.log_every_n_steps} is more than the {steps} optimizer steps "
            f"of this run, so {config.log_dir} would get no train_loss row: use "
            f"at most {steps}, or leave out --log-dir",
        )
    if config.strategy in ("ddp_spawn", "ddp_notebook"):
        raise ConfigError(
            "strategy",
            f"{config.strategy} starts the processes from inside Python (for notebooks) "
            "and keeps the losses there, so the command would print none: use --strategy "
            "ddp, which starts this command again for each process",
        )


def ignored_flags(config):
    """A warning for the flags the chosen data set ignores, or "": the run is right, but they did
    nothing."""
    from task.config import flag

    given = [
        f"{flag(field.name)} {getattr(config, field.name)}"
        for field in fields(config)
        if field.name in ("n_samples", "noise") and getattr(config, field.name) != field.default
    ]
    if config.dataset != "diabetes" or not given:
        return ""
    return (
        f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} ignored with --dataset "
        "diabetes (its 442 rows are fixed): leave them out"
    )


def lr_too_small(config):
    """A warning when the lr falls below float32's resolution (eps), or "": a step lr x gradient
    then moves a float32 weight w only when |gradient| > |w| x eps / (2 lr), so training may change
    nothing (--lr 1e-20: none of it)."""
    from task.config import FLOAT32

    lowest = config.smallest_lr()
    if lowest >= FLOAT32.eps:
        return ""
    where = (
        f"--lr {config.lr}" if lowest == config.lr else f"the lr of the last epoch ({lowest:.4g})"
    )
    return (
        f"{where} is below float32's resolution ({FLOAT32.eps:.4g}): a step moves a float32 "
        f"weight w only where |gradient| > |w| x {FLOAT32.eps / (2 * lowest):.3g}, so training "
        "may change nothing: use a larger --lr"
        + ("" if lowest == config.lr else " or --lr-decay, or fewer --epochs")
    )
