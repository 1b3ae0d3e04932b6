"""How a run ends: warnings given by design hidden, the rest on one line; SIGTERM, Ctrl-C and every
fault the course foresees ending in one line on stderr; a data-parallel process with an exit of its
own."""

import contextlib
import errno
import logging
import os
import re
import signal
import sys
import warnings

from common.cli.lock import one_run_at_a_time


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
