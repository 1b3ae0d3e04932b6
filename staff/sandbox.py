"""The operating-system sandbox a graded notebook runs in: bubblewrap (`bwrap`), on Linux.

bubblewrap starts a command in new Linux namespaces with a file system it builds from a list of folders. What that
gives the grader, and what a Python-level hook inside the student's kernel cannot:
- its own network namespace: no network at all (only its own loopback, which the kernel's sockets use);
- its own PID namespace: no process outside can be seen or signalled, and when the sandbox's first process ends,
  the kernel kills every process left in it;
- a file system of its own: the system's programs and the Python installation read-only, the course's packages
  (a copy without the solutions, the tests or the grader) read-only, and nothing else of this machine (no
  repository, no submissions, no home folder, no /tmp); the only writable places are two small memory-backed
  folders (its home and working folder, and /tmp) that vanish with it;
- the environment rebuilt from a short allow-list (`--clearenv`), so no variable of the grader reaches the kernel.
Resource limits (memory per process, file size, open files, CPU seconds) are set on bwrap and inherited; the
process limit does not bind a grader running as root, so the worker inside also counts the processes and memory
of the sandbox and stops it past its limits (staff/grade_worker.py).
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

PACK = "/pack"  # inside: the course's packages
FOLDER = "/sandbox"  # inside: HOME, the working folder, IPython's and Jupyter's folders (a tmpfs)
HOME = f"{FOLDER}/home"
WORK = f"{FOLDER}/work"
FOLDER_SIZE = 256 << 20  # bytes of the writable folder, and of /tmp
SHM_SIZE = 64 << 20  # /dev/shm, where multiprocessing keeps its semaphores and shared tensors
FILE_SIZE = 128 << 20
OPEN_FILES = 1024
PROCESSES = 64  # the worker, the kernel, a few torch or multiprocessing children
THREADS = 1024


def bwrap():
    """The bwrap program, or None where it is missing or cannot make namespaces here."""
    program = shutil.which("bwrap")
    if program is None or sys.platform != "linux":
        return None
    probe = subprocess.run(
        [program, "--unshare-all", "--ro-bind", "/", "/", "true"], capture_output=True, check=False
    )
    return program if probe.returncode == 0 else None


def environment(pack):
    """The whole environment of the worker and the kernel: nothing of the grader's."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": HOME,
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(pack),
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{HOME}/mpl",
        "IPYTHONDIR": f"{HOME}/.ipython",
        "JUPYTER_RUNTIME_DIR": f"{HOME}/runtime",
        "JUPYTER_CONFIG_DIR": f"{HOME}/jupyter",
        "JUPYTER_DATA_DIR": f"{HOME}/jupyter-data",
        "JUPYTER_PLATFORM_DIRS": "1",
        "XDG_CACHE_HOME": f"{HOME}/cache",
        "OMP_NUM_THREADS": "1",
    }


def command(program, pack, files, argv):
    """The bwrap command line that runs argv in a new sandbox.

    pack: the course's packages (read-only); files: {path inside the sandbox: path here}, small files copied into
    its writable folder (IPython's start-up file, matplotlib's font cache).
    """
    # no capability inside, even for a grader running as root (bwrap keeps them for root unless told), and no new
    # user namespace in which the notebook could get them back: no mount, no remount of what is read-only
    line = [
        program,
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
    ]
    for key, value in environment(PACK).items():
        line += ["--setenv", key, value]
    line += ["--ro-bind", "/usr", "/usr"]
    # merged /usr: links; older systems: folders
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(top):
            line += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            line += ["--ro-bind", top, top]
    for path in (
        "/etc/ld.so.cache",
        "/etc/ld.so.conf",
        "/etc/ld.so.conf.d",
        "/etc/localtime",
        "/etc/passwd",
        "/etc/group",
        "/etc/nsswitch.conf",
    ):
        if os.path.exists(path):
            line += ["--ro-bind", path, path]
    line += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(SHM_SIZE),
        "--tmpfs",
        "/dev/shm",
        "--remount-ro",
        "/dev",
        "--size",
        str(FOLDER_SIZE),
        "--tmpfs",
        "/tmp",
        "--size",
        str(FOLDER_SIZE),
        "--tmpfs",
        FOLDER,
        "--dir",
        HOME,
        "--dir",
        WORK,
        "--ro-bind",
        str(pack),
        PACK,
    ]
    # after /tmp: a virtual environment may live in a folder under /tmp (a fresh clone's, in CI)
    for path in sorted(
        {sys.base_prefix, sys.prefix, str(Path(sys.executable).resolve().parent.parent)}
    ):
        line += ["--ro-bind", path, path]
    for inside, here in files.items():
        line += ["--ro-bind", str(here), inside]
    line += ["--remount-ro", "/", "--chdir", WORK]  # the sandbox's own root: read-only too
    return line + list(argv)


def limited(argv, seconds, memory):
    """argv run with resource limits: this file, run as a script by an isolated Python (-I: no environment, no
    path of the grader's reaches bwrap, whose own environment the sandbox can read), sets them on itself, then
    becomes argv, which inherits them (Popen's preexec_fn would do the same, but is not safe in a grader that runs
    notebooks on several threads)."""
    return [sys.executable, "-I", os.path.abspath(__file__), str(seconds), str(memory), *argv]


def _limit_and_run(seconds, memory, *argv):
    cpu = int(float(seconds) * 2) + 30
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execvp(argv[0], argv)


def limit_threads():
    """Called by the worker inside the sandbox: at most THREADS processes and threads, counted in the sandbox's own
    user namespace (Linux 5.14 and later; before, across the user's whole session). Root is not bound by it."""
    resource.setrlimit(resource.RLIMIT_NPROC, (THREADS, THREADS))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.sandbox",
        description="Runs COMMAND with the grader's "
        "resource limits (what staff/grade.py starts bubblewrap with).",
    )
    parser.add_argument(
        "seconds", type=float, help="the run's wall-clock limit: the CPU limit is twice it, +30 s"
    )
    parser.add_argument("memory", type=int, help="bytes each process may map")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command and its arguments")
    arguments = parser.parse_args(argv)
    if not arguments.command:
        parser.error("give the command to run after SECONDS and MEMORY")
    _limit_and_run(arguments.seconds, arguments.memory, *arguments.command)


if __name__ == "__main__":
    main()
