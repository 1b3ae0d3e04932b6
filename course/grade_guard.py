"""The fence around a graded notebook's kernel: an audit hook that the grader installs before the first cell runs.

It lets the kernel read what it needs (the Python libraries, the course's packages, the system) and write only in
its own folder. It refuses, with a PermissionError that names the rule:
- reading or listing the instructor's course (its solutions, tests, other students' notebooks, the grades), except
  the virtual environment's libraries;
- writing, deleting, renaming or changing anything outside the submission's own folder;
- starting processes, signalling other processes, and connecting anywhere but this machine.
An audit hook cannot be removed from Python, but it is no sandbox: C code (ctypes) runs beneath it. course/grade.py
says what a determined student could still do.

This file stands alone (standard library only): the grader copies it into the kernel's IPython start-up folder.
"""
import os
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
CHANGES = {  # event: how many of its first arguments are paths that change
    "os.remove": 1, "os.rmdir": 1, "os.mkdir": 1, "os.chmod": 1, "os.chown": 1, "os.truncate": 1, "os.utime": 1,
    "os.rename": 2, "os.link": 2, "os.symlink": 2, "shutil.rmtree": 1, "os.setxattr": 1, "os.removexattr": 1,
}  # copying and moving come down to these and to "open"
LISTS = {"os.listdir", "os.scandir", "glob.glob", "glob.glob/2", "pathlib.Path.glob", "pathlib.Path.rglob",
         "os.walk", "os.fwalk"}
PROCESSES = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
             "pty.spawn", "os.startfile"}
SIGNALS = {"os.kill", "os.killpg", "signal.pthread_kill"}


def install(own, fenced, open_inside):
    """Refuse what the module's docstring lists. own: the folder the kernel may change; fenced: folders it may not
    read; open_inside: folders inside the fenced ones that it may read (the libraries, the course's packages)."""
    realpath, fspath, getpid, write = os.path.realpath, os.fspath, os.getpid, os.write
    own = [realpath(path) for path in own]
    fenced = [realpath(path) for path in fenced]
    open_inside = [realpath(path) for path in open_inside]

    def inside(path, folders):
        return any(path == folder or path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)

    def resolved(path):
        if isinstance(path, int) or path is None:
            return None  # an open file descriptor: checked when it was opened
        try:
            path = fspath(path)
        except TypeError:
            return None
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        return realpath(path)

    def refuse(what, path=""):
        message = f"grading: {what} is not allowed here{': ' + str(path) if path else ''}"
        try:
            write(2, (message + "\n").encode())  # the grader's log of what the notebook tried
        except OSError:
            pass
        raise PermissionError(message)

    def may_read(path):
        return path is None or not inside(path, fenced) or inside(path, open_inside + own)

    def may_change(path):
        return path is None or inside(path, own) or path in ("/dev/null", "/dev/tty")

    def hook(event, args):
        if event == "open":
            path, mode, flags = (list(args) + [None, None])[:3]
            path = resolved(path)
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & WRITE_FLAGS)
            if writes and not may_change(path):
                refuse("writing a file outside the submission's folder", path)
            if not may_read(path):
                refuse("reading the course's own files", path)
        elif event in CHANGES:
            for path in args[: CHANGES[event]]:
                path = resolved(path)
                if not may_change(path):
                    refuse(f"{event} outside the submission's folder", path)
        elif event in LISTS:
            path = resolved(args[0] if args else ".")
            if not may_read(path):
                refuse("listing the course's own folders", path)
        elif event in PROCESSES:
            refuse(f"starting a process ({event})")
        elif event in SIGNALS:
            if args and args[0] not in (0, getpid()):
                refuse(f"signalling another process ({event})")
        elif event == "socket.connect":
            address = args[1] if len(args) > 1 else None
            host = address[0] if isinstance(address, tuple) and address else address
            if not (isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))):
                refuse("connecting to another machine", host)

    sys.addaudithook(hook)
