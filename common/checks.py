"""What the training code of both versions checks: the faults that end a run (each message one
line), a NaN check, a start by fork after CUDA, and how long a data-parallel rendezvous waits. How a
command line ends a run is common/cli/end.py's."""

import os
import re
from datetime import timedelta

import torch


def one_line(text):
    """text with its control characters escaped (a newline becomes \\n): a message naming a path
    stays one line whatever the path holds. Every message the command lines end with passes through
    here."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode() for char in text
    )


class RunError(RuntimeError):
    """A fault that ends a run: the command lines print its message as one line, with no
    traceback."""

    def __str__(self):
        return one_line(super().__str__())


class Diverged(RunError):
    """A loss or metric became NaN or infinite: training on would only carry the damage into the
    weights."""


def check_finite(name, value, epoch, batch=None):
    """Raises Diverged if a 0-d loss or metric is NaN or infinite; epoch and batch count from 0, as
    in the logs."""
    if not torch.isfinite(value):
        where = (
            f"epoch {epoch}, batch {batch}"
            if batch is not None
            else f"the validation of epoch {epoch}"
        )
        raise Diverged(
            f"{name} became {value.item()} at {where}, so the run stopped there: lower --lr, "
            "or look for huge or missing values in the data"
        )


def check_fork(config):
    """Refuses a start by fork (--strategy ddp_notebook) once this process has used CUDA: torch
    fails in the forked processes ("Unable to handle autograd's threading in combination with
    fork-based multiprocessing", or "Cannot re-initialize CUDA in forked subprocess"), and Lightning
    2.6.6 checks only whether it is itself such a process."""
    if (
        config.strategy == "ddp_notebook"
        and config.devices * config.num_nodes > 1
        and torch.cuda.is_initialized()
    ):
        raise RunError(
            "--strategy ddp_notebook forks this process, which has used CUDA already, and forked "
            "processes cannot use it: restart the kernel and train before anything else uses the "
            "GPU, or pass --strategy ddp_spawn"
        )


def rendezvous_timeout(environ=os.environ):
    """How long a process of a data-parallel run waits for the others to join, and then for each
    collective: 60 s, as the course's processes all start at once and each step takes milliseconds
    (torch's own default is 30 minutes). COURSE_RENDEZVOUS_SECONDS, a number of seconds, changes it
    (the tests wait 3)."""
    seconds = environ.get("COURSE_RENDEZVOUS_SECONDS", "")
    return timedelta(
        seconds=float(seconds) if re.fullmatch(r"\d+(\.\d+)?", seconds) and float(seconds) else 60
    )


class PeerLost(RunError):
    """Another process of a data-parallel run died, so this one's collectives fail."""
