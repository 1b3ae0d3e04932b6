"""The command line of both versions: `python -m vanilla` and `python -m lightning_version` import
this module and nothing else of the course until their flags are parsed.

In the order of a run: a signal while starting ends the process at once; the environment's thread
counts are checked before torch loads; the flags are parsed (--help from each TrainConfig field's
metadata, --version) and checked for what only a command line refuses (launcher variables, folders);
and a run ends in one line (signals, faults, one run per folder), a data-parallel process with an
exit of its own.

Nothing heavy is imported at the top, so that this module can come first: torch loads with
task.config when the flags are parsed, Lightning with the training code once the launcher's
variables are checked (it reads RANK as it loads).
"""

import argparse
import contextlib
import errno
import importlib.metadata
import logging
import math
import os
import re
import select
import signal
import socket
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import fields
from pathlib import Path


def stop_at_once(prog):
    """SIGTERM and SIGINT end this process at once with one line, status 128 + the signal
    (143, 130); also a SIGINT the shell ignored for a background job, as training's own handler
    takes it too: one rule from start to end.

    Loading torch and Lightning takes seconds, and Python turns a Ctrl-C meanwhile into a
    KeyboardInterrupt traceback (or, where the shell started the command with SIGINT ignored, loses
    it). Until stop_on_signals takes over for training, nothing has been written, so there is
    nothing to unwind."""

    def stop(signum, frame):
        # what the run printed already (the summary, when it is exiting)
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os.write(
            2,
            f"{prog}: stopped by {signal.Signals(signum).name} outside training (while starting or "
            "exiting), when nothing is being saved\n".encode(),
        )
        os._exit(128 + signum)

    for signum in (signal.SIGINT, signal.SIGTERM):  # SIGTERM last: once it is caught, both are
        signal.signal(signum, stop)
    watch_signals(prog)


# seconds the main thread has to run a signal's Python handler
# (a data-parallel run unwinds in several)
GRACE = 20


def watch_signals(prog):
    """Ends the process with one line when SIGTERM or SIGINT's Python handler cannot run: Python
    runs a handler only between two lines of Python, and torch's C++ code can hold the main thread
    for minutes (its rendezvous retries a connection, ignoring the interruption). Python's own C
    handler writes each signal's number to a pipe, even then (signal.set_wakeup_fd); a thread reads
    it and, if the process still lives GRACE seconds later, or at a second signal, prints the line
    and exits with 128 + the signal (143, 130). Call it from the main thread."""
    read, write = os.pipe()
    # as set_wakeup_fd requires: a full pipe must never block a signal handler
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    # a forked process would write to this process's pipe
    os.register_at_fork(after_in_child=_unwatch)
    threading.Thread(target=_watch, args=(prog, read), name="signals", daemon=True).start()


def _watch(prog, read):
    stopping = {signal.SIGINT, signal.SIGTERM}
    while (
        signum := os.read(read, 1)[0]
    ) not in stopping:  # another signal Python handles (Lightning's SIGUSR1)
        pass
    # the handler ends the process meanwhile, unless C++ holds it
    select.select([read], [], [], GRACE)
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os.write(
        2,
        f"{prog}: stopped by {signal.Signals(signum).name} while torch's C++ code held the "
        "process (a data-parallel run waiting for its other processes, say), which ended at "
        "once\n".encode(),
    )
    os._exit(128 + signum)


def _unwatch():
    with contextlib.suppress(ValueError):  # only a fork from the main thread may set it
        signal.set_wakeup_fd(-1)


def before_torch(prog):
    """What must happen before torch loads, as it reads the environment then: its thread counts
    checked, and its C++ log kept to fatal errors, whose failures come to Python as exceptions
    anyway (a rendezvous that times out would first print dozens of lines of retries and a C++
    stack). TORCH_CPP_LOG_LEVEL set already is kept."""
    check_thread_variables(prog)
    os.environ.setdefault("TORCH_CPP_LOG_LEVEL", "FATAL")


# read by torch's OpenMP and MKL as torch loads
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


def check_thread_variables(prog, environ=os.environ):
    """Refuses, before torch loads, a thread count in the environment that is not a whole number
    >= 1 (OpenMP's nested form, "4,2", too): libgomp would print two lines of its own and go on with
    its default, MKL silently with 1 thread. One line on stderr, status 2, as a bad flag."""
    for name in THREAD_VARIABLES:
        if name in environ and not re.fullmatch(
            r"\s*0*[1-9]\d*(\s*,\s*0*[1-9]\d*)*\s*", environ[name]
        ):
            print(
                f"{prog}: error: {name}={environ[name]!r} in the environment is not a whole "
                f"number >= 1 of threads: unset {name}, or set it to one such as {name}=4 "
                "(see --help)",
                file=sys.stderr,
            )
            sys.exit(2)


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


# the variable that marks a launcher's processes -> the launcher, the others it sets, its counts
LAUNCHERS = {
    "TORCHELASTIC_RUN_ID": (
        "torchrun",
        (
            "RANK",
            "LOCAL_RANK",
            "WORLD_SIZE",
            "LOCAL_WORLD_SIZE",
            "GROUP_RANK",
            "MASTER_ADDR",
            "MASTER_PORT",
        ),
        {"WORLD_SIZE": "processes", "LOCAL_WORLD_SIZE": "devices"},
    ),
    "SLURM_NTASKS": (
        "srun",
        ("SLURM_PROCID", "SLURM_LOCALID", "SLURM_NODEID"),
        {
            "SLURM_NTASKS": "processes",
            "SLURM_NTASKS_PER_NODE": "devices",
            "SLURM_NNODES": "num_nodes",
        },
    ),
}
# a process's numbers as launchers set them, and what each counts;
# Lightning logs from number 0 only
RANKS = {
    "RANK": "processes",
    "LOCAL_RANK": "devices",
    "SLURM_PROCID": "processes",
    "SLURM_LOCALID": "devices",
    "JSM_NAMESPACE_RANK": "processes",
    "NODE_RANK": "num_nodes",
    "GROUP_RANK": "num_nodes",
    "SLURM_NODEID": "num_nodes",
}
# torchrun's counts, and Lightning's own processes'
SIZES = {"WORLD_SIZE": "processes", "LOCAL_WORLD_SIZE": "devices"}
# what a process of several needs to find the others
RENDEZVOUS = ("WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


def check_launch(config, environ=os.environ, starts_processes=True):
    """Refuses, before any process starts (and before Lightning's import reads them), a launch that
    would wait forever for processes nobody starts, and launcher variables that do not describe this
    run: each one set must be a whole number, a launcher's set complete, and every count and number
    fit the flags. starts_processes: see parse_cli."""
    import torch

    from task.config import ConfigError

    for name in (*RANKS, *SIZES, "MASTER_PORT"):
        if name in environ:
            _number(environ, name)
    launcher = _launcher(config, environ)
    if config.num_nodes > 1 and not launcher:
        raise ConfigError(
            "num_nodes",
            f"{config.num_nodes} needs the other machines' processes, which only a "
            "launcher starts (torchrun --nnodes, or srun under SLURM): start this command "
            "under one on every machine, or use --num-nodes 1",
        )
    cuda = config.accelerator == "cuda" or (
        config.accelerator == "auto" and torch.cuda.is_available()
    )
    have, kind = (
        (torch.cuda.device_count(), "CUDA GPUs") if cuda else (os.cpu_count() or 1, "CPU cores")
    )
    if config.devices > have:
        other = ", or --accelerator cpu" if cuda else ""
        raise ConfigError(
            "devices",
            f"{config.devices} asks for a process per device, and this machine has {have} "
            f"{kind}: use --devices {have} or fewer{other}",
        )
    counts = _counts(config)
    for name, counted in SIZES.items():
        if name in environ and _number(environ, name) != counts[counted]:
            raise ConfigError(
                name,
                f"in the environment says the run has {environ[name]} {counted}, but --devices "
                f"{config.devices} x --num-nodes {config.num_nodes} has {counts[counted]}: unset "
                f"{name}, or pass flags that match it",
                variable=f"{name}={environ[name]}",
            )
    ranked = [name for name in RANKS if name in environ and not name.startswith(("SLURM_", "JSM_"))]
    missing = [name for name in RENDEZVOUS if name not in environ]
    if counts["processes"] > 1 and not launcher and ranked and missing:
        are = "is" if len(missing) == 1 else "are"
        raise ConfigError(
            ranked[0],
            f"in the environment makes this process one of {counts['processes']} that a "
            f"launcher started, but {', '.join(missing)} {are} not set, so none did and the "
            f"others would never come: unset {ranked[0]}, or start the command under torchrun",
            variable=f"{ranked[0]}={environ[ranked[0]]}",
        )
    if counts["processes"] > 1 and not starts_processes and launcher != "torchrun":
        nodes = "--standalone" if config.num_nodes == 1 else f"--nnodes {config.num_nodes} ..."
        raise ConfigError(
            "devices",
            f"{config.devices} x --num-nodes {config.num_nodes} needs one process per "
            "device, and the hand-written loop starts none (Lightning's Trainer starts its "
            f"own): start it with torchrun {nodes} --nproc-per-node {config.devices} -m "
            "vanilla ..., or call vanilla.ddp.launch(config) from Python",
        )
    for name, counted in RANKS.items():
        if name in environ and not _number(environ, name) < counts[counted]:
            raise ConfigError(
                name,
                f"in the environment makes this process number {environ[name]} of the run's "
                f"{counted}, but --devices {config.devices} x --num-nodes {config.num_nodes} "
                f"has {counts[counted]} (numbered from 0), and only number 0 writes logs: unset "
                f"{name}, or start the command under the launcher that sets it",
                variable=f"{name}={environ[name]}",
            )


def _launcher(config, environ):
    """The launcher that started this process, once its variables are all there and count this run;
    else None. SLURM's job names "bash" and "interactive" mark an allocation used by hand: Lightning
    ignores SLURM there."""
    from task.config import ConfigError

    marker = next((name for name in LAUNCHERS if name in environ), None)
    if marker == "SLURM_NTASKS" and environ.get("SLURM_JOB_NAME") in ("bash", "interactive"):
        return None
    if marker is None:
        return None
    launcher, needed, sizes = LAUNCHERS[marker]
    # Lightning refuses srun --ntasks without it
    if marker == "SLURM_NTASKS" and _number(environ, marker) > 1:
        needed += ("SLURM_NTASKS_PER_NODE",)
    missing = [name for name in needed if name not in environ]
    if missing:
        raise ConfigError(
            marker,
            f"is set, as {launcher} sets it, but not {', '.join(missing)}, so {launcher} did "
            f"not start this process: start the command under {launcher}, or unset {marker}",
            variable=marker,
        )
    counts = _counts(config)
    for name, counted in sizes.items():
        if name in environ and _number(environ, name) != counts[counted]:
            raise ConfigError(
                name,
                f"in the environment says {launcher} started {environ[name]} {counted}, but "
                f"--devices {config.devices} x --num-nodes {config.num_nodes} has "
                f"{counts[counted]}: pass flags that match what {launcher} started",
                variable=f"{name}={environ[name]}",
            )
    return launcher


def _counts(config):
    return {
        "processes": config.devices * config.num_nodes,
        "devices": config.devices,
        "num_nodes": config.num_nodes,
    }


def _number(environ, name):
    from task.config import ConfigError

    # int() would also take " 1", "+1", "1_0" and other digits
    if not re.fullmatch(r"[0-9]+", environ[name]):
        raise ConfigError(
            name,
            "in the environment is not a whole number >= 0: unset it, or start the command "
            "under the launcher that sets it",
            variable=f"{name}={environ[name]!r}",
        )
    return int(environ[name])


def check_folders(config):
    """Refuses a --checkpoint-dir or --log-dir that is a file or a link to nothing, whose name the
    file system refuses (too long), or where no file can be written; a file in --log-dir named as a
    run's folder (version_N) would be; and --resume from a folder that does not exist (nothing is
    created for it)."""
    from task.config import ConfigError

    for field in ("checkpoint_dir", "log_dir"):
        folder = Path(getattr(config, field))
        if not getattr(config, field):
            continue
        try:
            dangling = next(
                (
                    path
                    for path in (folder, *folder.parents)
                    if path.is_symlink() and not path.exists()
                ),
                None,
            )
            if dangling:
                raise ConfigError(
                    field,
                    f"{folder}: {dangling} is a link to {os.readlink(dangling)}, which does not "
                    "exist, so no folder can be made there: create what it points to, or "
                    "choose another path",
                )
            existing = next(
                path
                for path in (folder, *folder.parents)
                if path.exists() or path == Path(path.anchor)
            )
            in_the_way = [
                path.name
                for path in folder.glob("version_*")
                if _version(path) and not path.is_dir()
            ]
        except OSError as error:  # ENAMETOOLONG: a name over 255 bytes, or a path over 4096
            raise ConfigError(
                field, f"{_shortened(folder)}: {error.strerror}: choose a shorter path"
            ) from None
        if not existing.is_dir():
            where = "is a file" if existing == folder else f"is inside {existing}, which is a file"
            raise ConfigError(field, f"{folder} {where}, not a folder: choose another path")
        try:
            tempfile.TemporaryFile(dir=existing).close()
        except OSError as error:
            raise ConfigError(
                field,
                f"{folder}: no file can be written in {existing} ({error.strerror}): choose "
                "a folder you can write to",
            ) from None
        if field == "checkpoint_dir" and config.resume and existing != folder:
            raise ConfigError(
                "resume",
                f"finds no folder {folder} to continue from: check --checkpoint-dir, or leave "
                "out --resume to start a run there",
            )
        if field == "log_dir" and in_the_way:
            raise ConfigError(
                field,
                f"{folder} holds a file named {sorted(in_the_way)[0]}, the name of a run's "
                "folder there: move it away, or choose another --log-dir",
            )


def _version(path):
    """Whether path is named as CSVLogger numbers runs' folders (version_N), by its rule."""
    return path.name.startswith("version_") and path.name.split("_")[1].isdigit()


def _shortened(path):
    """A path for a one-line message: its first and last 40 characters."""
    text = str(path)
    return text if len(text) <= 90 else f"{text[:40]}...{text[-40:]} ({len(text)} characters)"


def ignore_known_warnings():
    """Hides the warnings a run of lightning_version gives by design, each matched exactly. Whoever
    sets up runs calls it (set_verbosity below, course.quiet for lessons and tests); importing a
    package never does."""
    # lightning 2.6.6 calls a torch.utils._pytree API that torch 2.13 deprecates;
    # nothing to fix here.
    warnings.filterwarnings(
        "ignore",
        message=r"`isinstance\(treespec, LeafSpec\)` is deprecated",
        category=FutureWarning,
    )
    # Resuming writes into the folder that holds the checkpoints, by design; starting afresh there
    # is refused before fit. (?s): the folder's name may hold a newline.
    warnings.filterwarnings(
        "ignore",
        message=r"(?s)Checkpoint directory .* exists and is not empty",
        category=UserWarning,
    )
    # On machines with more than 2 cores Lightning suggests DataLoader workers; our rows are tensors
    # already in memory, where worker processes would only add start-up time.
    warnings.filterwarnings(
        "ignore", message=r"The '\w+' does not have many workers", category=UserWarning
    )
    # A resume from a moved --checkpoint-dir: ModelCheckpoint forgets its best-model bookkeeping,
    # which save_top_k=-1 without a monitored metric never uses.
    warnings.filterwarnings("ignore", message=r"The dirpath has changed from", category=UserWarning)


def set_verbosity(verbose):
    """A command line's stderr: warnings and errors; with --verbose also Lightning's info lines
    (which accelerator, tips, why fit stopped) and the vanilla loop's logged losses (log.info every
    log_every_n_steps)."""
    ignore_known_warnings()
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    # Lightning's own handlers, set up at its import
    for name in ("lightning.pytorch", "lightning.fabric"):
        logging.getLogger(name).setLevel(level)
    # Lightning's watcher of --strategy ddp's processes says so (info) before it kills the run when
    # one dies
    logging.getLogger("lightning.fabric.strategies.launchers.subprocess_script").setLevel(
        logging.INFO
    )
    # the interval against one epoch's batches; parse_cli checks it against the run's steps, as both
    # sides count
    warnings.filterwarnings(
        "ignore", message="The number of training batches .* is smaller than the logging"
    )
    if not verbose:
        # --accelerator cpu was asked for
        warnings.filterwarnings("ignore", message="GPU available but not used")
        warnings.formatwarning = one_line_warning


def one_line_warning(message, category, filename, lineno, line=None):
    from common.checks import one_line

    return f"{category.__name__}: {one_line(str(message))}\n"


class Interrupted(BaseException):
    """SIGTERM or SIGINT (Ctrl-C) asked the run to stop; status is the shell's 128 + the signal's
    number.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` on the way (logging's,
    for one) swallows it; not a KeyboardInterrupt, which Lightning's fit would turn into sys.exit(1)
    with a line of its own.
    """

    def __init__(self, signum):
        self.status = 128 + signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def stop_on_signals():
    """SIGTERM and SIGINT raise Interrupted wherever the run is, so it unwinds (a half-written
    checkpoint is discarded) and ends with one line; returns the handlers it replaced, to put back
    with restore_signals."""

    def interrupt(signum, frame):
        raise Interrupted(signum)

    return {signum: signal.signal(signum, interrupt) for signum in (signal.SIGTERM, signal.SIGINT)}


def restore_signals(handlers):
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


@contextlib.contextmanager
def one_line_errors(config, prog):
    """Around a command line's run: every fault the course foresees ends it with one line on stderr,
    no traceback.

    SIGTERM and Ctrl-C: where the last checkpoint is, exit status 128 + the signal (143, 130). A
    fault of the run (RunError, a lost process of a data-parallel run among them) or of the file
    system (OSError): the message, exit status 1. Bad flags never get here: the parser refuses them
    with status 2.
    """
    from tqdm import tqdm

    from common.checkpoints import newest_checkpoint
    from common.checks import Diverged, RunError, one_line

    handlers = stop_on_signals()
    try:
        with one_run_at_a_time(config, prog), peers_lost_in_one_line():
            try:
                yield
            finally:  # a bar left open would share its line with the message
                # tqdm (4.70) has no public list of the bars still open, and the training code's own
                # (the vanilla loop's, and Lightning's TQDMProgressBar, which has no on_exception)
                # stay open when a run raises
                for bar in list(tqdm._instances):
                    bar.close()
    except Interrupted as stop:
        newest = newest_checkpoint(config.checkpoint_dir)
        kept = f"the last checkpoint is {newest} (the same command with --resume continues from it)"
        print(
            one_line(f"{prog}: {stop}; {kept if newest else 'no checkpoint was saved'}"),
            file=sys.stderr,
        )
        sys.exit(stop.status)
    except Diverged as error:
        newest = newest_checkpoint(config.checkpoint_dir)
        sys.exit(
            one_line(
                f"{prog}: error: {error}; "
                + (
                    f"the checkpoint before it is kept: {newest}"
                    if newest
                    else "no checkpoint was saved"
                )
            )
        )
    except RunError as error:
        sys.exit(f"{prog}: error: {error}")
    except OSError as error:
        # the savers name their folder; metrics.csv's writes name nothing
        if error.errno == errno.ENOSPC:
            folder = error.filename or config.log_dir or config.checkpoint_dir
            newest = newest_checkpoint(config.checkpoint_dir)
            kept = (
                f"the newest checkpoint, {newest}, is whole: the same command with --resume "
                "continues from it"
            )
            sys.exit(
                one_line(
                    f"{prog}: error: the disk is full: no space left to write in {folder}; free "
                    "some space there. Nothing saved was lost: "
                    f"{kept if newest else 'no checkpoint had been saved'}"
                )
            )
        sys.exit(
            one_line(
                f"{prog}: error: {error.strerror or error}: {error.filename or ''} (check that "
                "path: it must be a folder you can write to, on a disk with free space)"
            )
        )
    finally:
        restore_signals(handlers)


@contextlib.contextmanager
def peers_lost_in_one_line():
    """Turns the error a collective raises when another process of the run died (gloo: "Connection
    reset by peer"; NCCL: a DistBackendError), and the rendezvous's when the others never came
    (rendezvous_timeout), into PeerLost, one line."""
    import torch

    from common.checks import PeerLost, rendezvous_timeout

    try:
        yield
    except (torch.distributed.DistStoreError, torch.distributed.DistNetworkError):
        where = f"{os.environ.get('MASTER_ADDR')}:{os.environ.get('MASTER_PORT')}"
        seconds = rendezvous_timeout().total_seconds()
        raise PeerLost(
            f"the other processes of this data-parallel run did not meet this one at MASTER_ADDR:"
            f"MASTER_PORT {where} within {seconds:g} s: start them all (torchrun --nproc-per-node, "
            "srun --ntasks), with the same MASTER_ADDR and MASTER_PORT, which rank 0's machine "
            "must be able to open"
        ) from None
    except RuntimeError as error:
        gloo = re.search(r"gloo/transport/.*?\] (.*?)\. ", str(error))
        if not (gloo or isinstance(error, torch.distributed.DistBackendError)):
            raise
        reason = gloo[1] if gloo else str(error).splitlines()[0][:120]
        raise PeerLost(
            f"another process of this data-parallel run stopped ({reason}), so this one cannot go "
            "on: its own output, or its launcher's, says why; start the run again once that is "
            "mended"
        ) from None


LOCK = ".lock"


@contextlib.contextmanager
def one_run_at_a_time(config, prog):
    """Holds checkpoint_dir/.lock for the run: a second run there is refused with one line naming
    the holder.

    The operating system releases the lock when its process ends, even by SIGKILL, so a killed run
    never blocks the next. Only the first process of a multi-process run takes it.
    """
    ranks = (
        os.environ.get(name, "0") for name in ("RANK", "LOCAL_RANK", "NODE_RANK", "SLURM_PROCID")
    )
    if not config.checkpoint_dir or any(rank != "0" for rank in ranks):
        yield
        return
    Path(config.checkpoint_dir).mkdir(parents=True, exist_ok=True)
    path = Path(config.checkpoint_dir) / LOCK
    file = _locked(path)
    file.seek(0)
    file.truncate()
    file.write(
        f"pid {os.getpid()} on {socket.gethostname()} ({prog}, "
        f"started {time.strftime('%Y-%m-%d %H:%M:%S')})"
    )
    file.flush()
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        file.close()


def _locked(path):
    """The lock file, open and locked by this process; CheckpointError when another process holds
    it."""
    from common.checkpoint_fields import CheckpointError

    while True:
        file = open(path, "a+")
        try:
            _lock(file)
        except OSError:
            file.seek(0)
            holder = file.read().strip() or "another run"
            file.close()
            raise CheckpointError(
                f"{path.parent} is in use by {holder}: wait for that run to end, or choose "
                f"another --checkpoint-dir"
            ) from None
        with contextlib.suppress(OSError):
            # not a file its holder just removed
            if os.stat(path).st_ino == os.fstat(file.fileno()).st_ino:
                return file
        file.close()


def _lock(file):
    try:
        import fcntl
    # Windows: lock one byte far past the text, so the holder's name stays readable
    except ImportError:
        import msvcrt

        file.seek(1 << 20)
        msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def exit_worker():
    """Ends a process of a data-parallel run whose training returned: leaves its process group, then
    exits with status 0, skipping the C++ teardown at interpreter exit.

    With this torch version a gloo process sometimes aborts there ("terminate called without an
    active exception"), after training has finished, which makes the launcher report a failure (seen
    in 1 of 20 vanilla runs; reported in 2 of 10 Lightning --strategy ddp runs, which leave the
    group up). A process that fails raises and exits with its error instead.
    """
    import torch

    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
