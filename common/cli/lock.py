"""One run per checkpoint folder: the first process holds checkpoint_dir/.lock for the run, and a
second run there is refused with one line naming the holder."""

import contextlib
import os
import socket
import time
from pathlib import Path

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
