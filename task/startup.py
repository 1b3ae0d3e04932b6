"""The first line of both command lines: a signal before the run's own handlers ends the process in one line.

Loading torch and Lightning takes seconds, and Python turns a Ctrl-C meanwhile into a KeyboardInterrupt traceback
(or, where the shell started the command with SIGINT ignored, loses it). Until task.run.stop_on_signals takes over
for training, nothing has been written, so there is nothing to unwind: the process ends at once. This module imports
nothing heavy, so that it can come first.
"""
import contextlib
import os
import signal
import sys


def stop_at_once(prog):
    """SIGTERM and SIGINT end this process at once with one line, status 128 + the signal (143, 130); also a SIGINT
    the shell ignored for a background job, as training's own handler takes it too: one rule from start to end."""

    def stop(signum, frame):
        with contextlib.suppress(Exception):  # what the run printed already (the summary, when it is exiting)
            sys.stdout.flush()
        os.write(2, f"{prog}: stopped by {signal.Signals(signum).name} outside training (while starting or exiting), "
                    "when nothing is being saved\n".encode())
        os._exit(128 + signum)

    for signum in (signal.SIGINT, signal.SIGTERM):  # SIGTERM last: once it is caught, both are
        signal.signal(signum, stop)
