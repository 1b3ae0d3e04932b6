"""The command line of both versions: `python -m vanilla` and `python -m lightning_version` import
this package and nothing else of the course until their flags are parsed.

In the order of a run, a module each: start.py (a signal while starting ends the process at once;
the thread counts are checked before torch loads), flags.py (--help from each TrainConfig field's
metadata, --version, what only a command line refuses), launch.py and folders.py (launcher
variables and folder flags checked), lock.py (one run per checkpoint folder) and end.py (a run ends
in one line; a data-parallel process with an exit of its own).

Nothing heavy is imported at the top, so that this package can come first: torch loads with
task.config when the flags are parsed, Lightning with the training code once the launcher's
variables are checked (it reads RANK as it loads).
"""

from common.cli.end import (
    Interrupted,
    exit_worker,
    ignore_known_warnings,
    one_line_errors,
    one_line_warning,
    peers_lost_in_one_line,
    restore_signals,
    set_verbosity,
    stop_on_signals,
)
from common.cli.flags import (
    build_parser,
    check_command_line,
    ignored_flags,
    lr_too_small,
    parse_args,
    parse_cli,
    versions,
)
from common.cli.folders import check_folders
from common.cli.launch import LAUNCHERS, RANKS, RENDEZVOUS, SIZES, check_launch
from common.cli.lock import LOCK, one_run_at_a_time
from common.cli.start import (
    GRACE,
    THREAD_VARIABLES,
    before_torch,
    check_thread_variables,
    stop_at_once,
    watch_signals,
)

__all__ = [
    "GRACE",
    "LAUNCHERS",
    "LOCK",
    "RANKS",
    "RENDEZVOUS",
    "SIZES",
    "THREAD_VARIABLES",
    "Interrupted",
    "before_torch",
    "build_parser",
    "check_command_line",
    "check_folders",
    "check_launch",
    "check_thread_variables",
    "exit_worker",
    "ignore_known_warnings",
    "ignored_flags",
    "lr_too_small",
    "one_line_errors",
    "one_line_warning",
    "one_run_at_a_time",
    "parse_args",
    "parse_cli",
    "peers_lost_in_one_line",
    "restore_signals",
    "set_verbosity",
    "stop_at_once",
    "stop_on_signals",
    "versions",
    "watch_signals",
]
