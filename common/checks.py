"""How a run talks and ends, for both versions: what it prints on stderr, the faults that stop it with one line, a
NaN check, the signals that stop it cleanly, and the exit of a data-parallel process."""
import contextlib
import logging
import os
import re
import signal
import sys
import warnings
from datetime import timedelta

import torch


def set_verbosity(verbose):
    """A command line's stderr: warnings and errors; with --verbose also Lightning's info lines (which accelerator,
    tips, why fit stopped) and the vanilla loop's logged losses (log.info every log_every_n_steps)."""
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    for name in ("lightning.pytorch", "lightning.fabric"):  # Lightning's own handlers, set up at its import
        logging.getLogger(name).setLevel(level)
    # Lightning's watcher of --strategy ddp's processes says so (info) before it kills the run when one dies
    logging.getLogger("lightning.fabric.strategies.launchers.subprocess_script").setLevel(logging.INFO)
    # the interval against one epoch's batches; parse_cli checks it against the run's steps, as both sides count
    warnings.filterwarnings("ignore", message="The number of training batches .* is smaller than the logging")
    if not verbose:
        warnings.filterwarnings("ignore", message="GPU available but not used")  # --accelerator cpu was asked for
        warnings.formatwarning = one_line_warning


def one_line_warning(message, category, filename, lineno, line=None):
    return f"{category.__name__}: {one_line(str(message))}\n"


def one_line(text):
    """text with its control characters escaped (a newline becomes \\n): a message naming a path stays one line
    whatever the path holds. Every message the command lines end with passes through here."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode() for char in text)


class RunError(RuntimeError):
    """A fault that ends a run: the command lines print its message as one line, with no traceback."""

    def __str__(self):
        return one_line(super().__str__())


class Diverged(RunError):
    """A loss or metric became NaN or infinite: training on would only carry the damage into the weights."""


def check_finite(name, value, epoch, batch=None):
    """Raises Diverged if a 0-d loss or metric is NaN or infinite; epoch and batch count from 0, as in the logs."""
    if not torch.isfinite(value):
        where = f"epoch {epoch}, batch {batch}" if batch is not None else f"the validation of epoch {epoch}"
        raise Diverged(f"{name} became {value.item()} at {where}, so the run stopped there: lower --lr, or look "
                       "for huge or missing values in the data")


class Interrupted(BaseException):
    """SIGTERM or SIGINT (Ctrl-C) asked the run to stop; status is the shell's 128 + the signal's number.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` on the way (logging's, for one) swallows
    it; not a KeyboardInterrupt, which Lightning's fit would turn into sys.exit(1) with a line of its own.
    """

    def __init__(self, signum):
        self.status = 128 + signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def stop_on_signals():
    """SIGTERM and SIGINT raise Interrupted wherever the run is, so it unwinds (a half-written checkpoint is
    discarded) and ends with one line; returns the handlers it replaced, to put back with restore_signals."""
    def interrupt(signum, frame):
        raise Interrupted(signum)

    return {signum: signal.signal(signum, interrupt) for signum in (signal.SIGTERM, signal.SIGINT)}


def restore_signals(handlers):
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def check_fork(config):
    """Refuses a start by fork (--strategy ddp_notebook) once this process has used CUDA: torch fails in the forked
    processes ("Unable to handle autograd's threading in combination with fork-based multiprocessing", or "Cannot
    re-initialize CUDA in forked subprocess"), and Lightning 2.6.6 checks only whether it is itself such a process."""
    if config.strategy == "ddp_notebook" and config.devices * config.num_nodes > 1 and torch.cuda.is_initialized():
        raise RunError("--strategy ddp_notebook forks this process, which has used CUDA already, and forked processes "
                       "cannot use it: restart the kernel and train before anything else uses the GPU, or pass "
                       "--strategy ddp_spawn")


def rendezvous_timeout(environ=os.environ):
    """How long a process of a data-parallel run waits for the others to join, and then for each collective: 60 s,
    as the course's processes all start at once and each step takes milliseconds (torch's own default is 30
    minutes). COURSE_RENDEZVOUS_SECONDS, a number of seconds, changes it (the tests wait 3)."""
    seconds = environ.get("COURSE_RENDEZVOUS_SECONDS", "")
    return timedelta(seconds=float(seconds) if re.fullmatch(r"\d+(\.\d+)?", seconds) and float(seconds) else 60)


class PeerLost(RunError):
    """Another process of a data-parallel run died, so this one's collectives fail."""


@contextlib.contextmanager
def peers_lost_in_one_line():
    """Turns the error a collective raises when another process of the run died (gloo: "Connection reset by peer";
    NCCL: a DistBackendError), and the rendezvous's when the others never came (rendezvous_timeout), into
    PeerLost, one line."""
    try:
        yield
    except (torch.distributed.DistStoreError, torch.distributed.DistNetworkError):
        where = f"{os.environ.get('MASTER_ADDR')}:{os.environ.get('MASTER_PORT')}"
        seconds = rendezvous_timeout().total_seconds()
        raise PeerLost(f"the other processes of this data-parallel run did not meet this one at MASTER_ADDR:"
                       f"MASTER_PORT {where} within {seconds:g} s: start them all (torchrun --nproc-per-node, "
                       "srun --ntasks), with the same MASTER_ADDR and MASTER_PORT, which rank 0's machine must be "
                       "able to open") from None
    except RuntimeError as error:
        gloo = re.search(r"gloo/transport/.*?\] (.*?)\. ", str(error))
        if not (gloo or isinstance(error, torch.distributed.DistBackendError)):
            raise
        reason = gloo[1] if gloo else str(error).splitlines()[0][:120]
        raise PeerLost(f"another process of this data-parallel run stopped ({reason}), so this one cannot go on: "
                       "its own output, or its launcher's, says why; start the run again once that is mended") from None


def exit_worker():
    """Ends a process of a data-parallel run whose training returned: leaves its process group, then exits with
    status 0, skipping the C++ teardown at interpreter exit.

    With this torch version a gloo process sometimes aborts there ("terminate called without an active exception"),
    after training has finished, which makes the launcher report a failure (seen in 1 of 20 vanilla runs; reported
    in 2 of 10 Lightning --strategy ddp runs, which leave the group up). A process that fails raises and exits with
    its error instead.
    """
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
