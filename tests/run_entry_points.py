"""Runs command lines of the course in this one process, as `python -m MODULE ARGS` would, and prints one JSON line
for each: its exit status, what it printed, the repository's files it changed, and what it tried to start or to
write. One process for all of them, so torch is imported once.

python tests/run_entry_points.py '[["vanilla", ["--help"]], ["staff.lock", ["-h"]], ...]'

An entry point that tries to start a process, to open a connection, or to write, remove or rename anything in the
repository is refused (an audit hook raises), so that a command doing its work on --help can neither rewrite the
course nor start the test suite from inside a test; what it tried is reported.
"""

import contextlib
import io
import json
import os
import runpy
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", ".git", "__pycache__", "build"}  # folders snapshot() leaves out
STARTS = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
    "socket.connect",
    "socket.getaddrinfo",
)
CHANGES = (
    "os.remove",
    "os.rename",
    "os.rmdir",
    "os.mkdir",
    "os.truncate",
    "shutil.rmtree",
    "shutil.copyfile",
)
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
refused = {"started": [], "written": []}  # what the running entry point tried


def snapshot(root=ROOT):
    """{path: (size, mtime_ns)} of the repository's files, outside the SKIPPED folders."""
    found = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        for name in files:
            stat = Path(folder, name).stat()
            found[Path(folder, name).relative_to(root).as_posix()] = (
                stat.st_size,
                stat.st_mtime_ns,
            )
    return found


def run(entry_point, args):
    """Runs a module with args: {"code", "out", "err", "changed", "started", "written"}."""
    argv, out, err = sys.argv, io.StringIO(), io.StringIO()
    before, code = snapshot(), 0
    for tried in refused.values():
        tried.clear()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            # python -m MODULE: sys.argv[0] becomes the module's file
            sys.argv = [entry_point, *args]
            runpy.run_module(entry_point, run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        code = exit_.code
        if not isinstance(code, int | None):  # sys.exit("message") prints it and exits with 1
            err.write(f"{code}\n")
            code = 1
    except BaseException as error:  # noqa: BLE001  reported, so that the other entry points still run
        err.write(f"{type(error).__name__}: {error}\n")
        code = "raised"
    finally:
        sys.argv = argv
    after = snapshot()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    return {
        "code": code or 0,
        "out": out.getvalue(),
        "err": err.getvalue(),
        "changed": changed,
        **{kind: list(dict.fromkeys(tried)) for kind, tried in refused.items()},
    }


def refuse(event, args):
    """The audit hook: refuses starting a process or a connection, and any change to the repository's files."""
    if event.startswith(STARTS):
        refused["started"].append(event)
        raise PermissionError(f"run_entry_points.py refuses {event}")
    if event == "open":
        path, mode, flags = args
        writes = any(letter in mode for letter in "wax+") if mode else flags & WRITE_FLAGS
        paths = [path] if writes else []
    else:
        paths = args if event in CHANGES else []
    inside = [os.fsdecode(path) for path in paths if _in_repository(path)]
    if inside:
        refused["written"].append(f"{event} {inside[0]}")
        raise PermissionError(f"run_entry_points.py refuses {event} {inside[0]}")


def _in_repository(path):
    if not isinstance(path, str | bytes | os.PathLike):  # a file descriptor, a mode
        return False
    path = Path(os.fsdecode(path)).resolve()
    return path.is_relative_to(ROOT) and "__pycache__" not in path.parts


if __name__ == "__main__":
    os.environ["MPLBACKEND"] = "Agg"
    sys.dont_write_bytecode = True
    # runpy, a module run twice
    warnings.filterwarnings("ignore", "'.*' found in sys.modules", RuntimeWarning)
    import lightning.pytorch  # noqa: F401  the libraries' own imports are not the commands' doing: the CUDA build
    import torch  # noqa: F401              of torch runs `ldconfig -p` when imported (cuda.pathfinder)

    sys.addaudithook(refuse)
    for entry_point, args in json.loads(sys.argv[1]):
        print(
            json.dumps({"entry_point": entry_point, "args": args, **run(entry_point, args)}),
            flush=True,
        )
