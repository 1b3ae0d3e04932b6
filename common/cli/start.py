"""How a command line starts, before torch loads: a signal ends the process at once with one line
(also while torch's C++ code holds the main thread), and the environment's thread counts are checked
before torch reads them."""

import contextlib
import os
import re
import select
import signal
import sys
import threading


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
