"""Sets up the course in .venv/ on first use, then runs it: the one set-up that every system and `make` use.

    python bootstrap.py run      # set up, then train both versions and compare them      (make run)
    python bootstrap.py test     # set up, then every test and every notebook              (make test)
    python bootstrap.py check    # set up, then check the exercise notebooks               (make check)
    python bootstrap.py lab      # set up, then open the notebooks in JupyterLab           (make lab)
    python bootstrap.py setup    # set up only

The set-up installs exactly the tested versions in requirements.lock, each file checked by pip against the sha256
the lock records. torch's CPU build for Linux is not on PyPI (PyPI's Linux torch is the CUDA build): it comes from
pip's own configuration when that has it, otherwise from PyTorch's CPU index (TORCH_CPU_INDEX). `--torch cuda`
takes requirements-cuda.lock instead: PyPI's CUDA build, several GB on Linux.
Words after the command go to it (`python bootstrap.py check notebooks/exercises/02_vanilla_loop.ipynb`).
Standard library only: it runs before anything is installed.
"""

import argparse
import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCKS = {"cpu": "requirements.lock", "cuda": "requirements-cuda.lock"}
# The address pytorch.org's install selector shows for Linux, pip, CPU.
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
COMMANDS = {  # command: (what it runs in .venv, what it is)
    "run": (["-m", "course.compare"], "train both versions and compare them"),
    "test": (["-m", "pytest"], "run every test and execute every notebook"),
    "check": (["-m", "course.exercises.check"], "check the exercise notebooks"),
    "ready": (["-m", "course.ready"], "before the first class: say ready, or what is wrong"),
    "lab": (["-m", "jupyterlab", "notebooks"], "open the notebooks in JupyterLab"),
    "setup": (None, "set up .venv/ only"),
}
WINDOWS, LINUX = os.name == "nt", sys.platform == "linux"  # Linux: torch's CPU build is not on PyPI
QUIET_PIP = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "PIP_PROGRESS_BAR": "off"}


class SetupError(Exception):
    """A set-up that cannot go on: its message is the one line the user reads. ways: which ways on the line ends
    with, written as the user's command ("python": name another Python; "torch": another index, or the CUDA build)."""

    def __init__(self, message, ways=None):
        super().__init__(message)
        self.ways = ways


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong word is one line the caller prints (make shows it as its own)."""

    def error(self, message):
        raise SetupError(message)


def say(line):
    print(line, file=sys.stderr, flush=True)


def venv_python():
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def pip(python, *args, env=None):
    """Runs pip quietly; returns (exit status, what it printed)."""
    done = subprocess.run(
        [str(python), "-m", "pip", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ if env is None else env, **QUIET_PIP),
    )
    return done.returncode, done.stdout + done.stderr


def pip_errors(output):
    """pip's own error lines (not its warnings), the detail above the course's one line."""
    lines = [line for line in output.splitlines() if line.startswith("ERROR")]
    return "\n".join(lines[-6:])


def stop_if_the_disk_is_full(output, what):
    if "No space left on device" in output:
        raise SetupError(
            f"{what} stopped: the disk is full. Free about 2 GB and run the same command again"
        )


def checked(status_and_output, what):
    status, output = status_and_output
    if status != 0:
        stop_if_the_disk_is_full(output, what)
        say(pip_errors(output) or output.strip()[-2000:])
        raise SetupError(
            f"{what} failed (pip's lines above say why); run the same command again once it is fixed"
        )
    return output


# The lock: the pins and hashes pip installs.


def lock_entry(lock_text, name, local=None):
    """(version, [sha256, ...]) of a package's pin in a lock; with local="cpu", the pin whose version ends +cpu."""
    joined = re.sub(r"\\\n", " ", lock_text)
    for line in joined.splitlines():
        match = re.match(rf"{re.escape(name)}==(\S+)", line.strip())
        if match and (local is None or match.group(1).endswith("+" + local)):
            return match.group(1), re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
    raise SetupError(
        f"{name} is not pinned in the lock: the lock file is damaged; restore it (git checkout)"
    )


def named_wheels(lock_text):
    """{file name: sha256} of the torch wheels the lock's note names ("#   sha256:... torch-...whl")."""
    return {
        name: digest
        for digest, name in re.findall(
            r"^#\s+sha256:([0-9a-f]{64}) (torch-\S+\.whl)$", lock_text, re.M
        )
    }


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# torch's CPU build on Linux: found, checked where the lock can, installed.


def fetch_torch(python, version, dest, index=None, env=None):
    """Downloads torch==version into dest: through pip's own configuration first (unless an index is named), then
    from the index (by default PyTorch's CPU index). Returns (the wheel, where it came from), or raises SetupError
    naming what was tried and what failed."""
    attempts = [] if index else [("pip's own configuration", [])]
    attempts.append((index or TORCH_CPU_INDEX, ["--index-url", index or TORCH_CPU_INDEX]))
    tried = []
    for where, args in attempts:
        status, output = pip(
            python,
            "download",
            "--no-deps",
            "--dest",
            str(dest),
            "--retries",
            "1",
            "--timeout",
            "20",
            f"torch=={version}",
            *args,
            env=env,
        )
        wheels = sorted(Path(dest).glob("torch-*.whl"))
        if status == 0 and wheels:
            return wheels[0], origin(output) or where
        stop_if_the_disk_is_full(output, "downloading torch")
        why = (
            f"no torch {version} there"
            if where == attempts[0][0] and not index
            else diagnose(where, version)
        )
        tried.append(f"{where}: {why}")
    raise SetupError(
        f"torch {version} (the CPU build for Linux) was not found. Tried {'; '.join(tried)}",
        "torch",
    )


def origin(output):
    """The folder or index pip took the file from, where its output names it ("Processing /opt/wheels/...whl",
    "Downloading https://.../...whl"): pip's configuration may hold more places than the one asked."""
    named = re.search(r"^(?:Processing|Downloading) (\S+/)\S+\.whl", output, re.M)
    if not named:
        return None
    place = named.group(1).rstrip("/")
    return place if "://" in place else str(Path(place).resolve())


def diagnose(url, version):
    """Why an index gave no torch==version: unreachable, a wrong URL, or not found there."""
    if not re.match(r"^(https?|file)://", url):
        return "not a URL, an index address starts with https://"
    page = url.rstrip("/") + "/torch/"
    if url.startswith("file://"):
        folder = Path(urllib.request.url2pathname(urllib.parse.urlparse(page).path))
        return (
            f"not found, it has no torch {version} for this Python"
            if folder.is_dir()
            else f"wrong URL, there is no folder {folder}"
        )
    try:
        with urllib.request.urlopen(page, timeout=10) as answer:
            text = answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return f"wrong URL, {page} answers HTTP {error.code}: not a package index"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, socket.gaierror):
            return "unreachable, its host name does not resolve (no network here, or a typo in the host)"
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return "unreachable, no answer within 10 s"
        if isinstance(reason, ConnectionRefusedError):
            return "unreachable, the connection was refused"
        return f"unreachable ({reason})"
    found = "torch-" + version.replace("+", "%2B") in text or "torch-" + version in text
    return (
        f"not found, it has torch {version} but not for this Python and system"
        if found
        else f"not found, it has no torch {version}"
    )


def install_torch(python, lock_text, index=None, env=None):
    """Finds torch's CPU build, checks its sha256 against the lock where the lock records it, installs it."""
    version, hashes = lock_entry(lock_text, "torch", local="cpu")
    named = named_wheels(lock_text)
    with tempfile.TemporaryDirectory(prefix="torch-", dir=VENV) as dest:
        wheel, where = fetch_torch(python, version, dest, index, env)
        digest = sha256(wheel)
        if wheel.name in named and named[wheel.name] != digest:
            raise SetupError(
                f"{wheel.name} from {where} is not the file requirements.lock records (sha256 "
                f"{digest[:12]}..., the lock says {named[wheel.name][:12]}...): it was changed on its "
                f"way or at the index, so nothing was installed. Try again, or another index"
            )
        if digest in hashes:
            say(
                f"torch {version}: {wheel.name} from {where}; its sha256 is the one requirements.lock records"
            )
            requirement = Path(dest) / "torch.txt"
            requirement.write_text(
                f"torch=={version} " + " ".join(f"--hash=sha256:{h}" for h in hashes) + "\n"
            )
            args = ["--require-hashes", "--no-index", "--find-links", dest, "-r", str(requirement)]
        else:
            say(
                f"torch {version}: {wheel.name} from {where}; requirements.lock does not record this file's "
                f"sha256 (only those of the CPU wheels its maker could read), so it is installed unchecked"
            )
            args = [str(wheel)]
        checked(pip(python, "install", "--no-deps", *args, env=env), "installing torch")


# The whole set-up.


def fingerprint(torch):
    """What the environment's packages are made from: the torch build and the files that pin them."""
    digest = hashlib.sha256(torch.encode())
    for name in (LOCKS[torch], "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def stamp_text(torch, python=None):
    """What .venv/installed holds once the set-up is done: the fingerprint, the Python and the torch build, and on
    its second line the folder it was made in (a virtual environment cannot move: its scripts name their Python)."""
    python = python or f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{fingerprint(torch)} {python} {torch}\n{ROOT}\n"


def installed_version(python, name):
    found = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() if found.returncode == 0 else None


# Run by .venv's Python: the packages whose files are gone (a folder deleted by hand, a disk cleaner).
MISSING = """import importlib.metadata as m, pathlib
gone = set()
for d in m.distributions():  # RECORD as written: Python 3.12 and newer leave missing files out of d.files
    paths = [line.split(",")[0] for line in (d.read_text("RECORD") or "").splitlines()]
    tops = {p.split("/")[0] for p in paths if p and not p.startswith("..")} - {""}
    tops = {t for t in tops if not t.endswith((".dist-info", ".data"))}
    gone |= {d.metadata["Name"] for top in tops if not pathlib.Path(d.locate_file(top)).exists()}
print(" ".join(sorted(gone)))"""


def damage():
    """Why .venv/ cannot be used as it is (its Python does not start, packages are gone), or None. 0.3 s."""
    try:
        found = subprocess.run(
            [str(venv_python()), "-c", MISSING], capture_output=True, text=True, timeout=60
        )
    except OSError as error:
        return f"its Python does not start: {error.strerror}"
    if found.returncode != 0:
        return "its Python does not start"
    return (
        f"packages are missing from it ({found.stdout.strip()})" if found.stdout.strip() else None
    )


def writable(folder):
    return os.access(folder, os.W_OK)


@contextlib.contextmanager
def one_at_a_time():
    """Holds .venv-setup.lock for the set-up: a second set-up in the same folder waits for the first."""
    with open(ROOT / ".venv-setup.lock", "a+") as file:
        if not lock(file, wait=False):
            say("Another set-up is running in this folder: waiting for it to finish")
            lock(file, wait=True)
        yield


def lock(file, wait):
    """An exclusive lock on an open file (fcntl on Linux and macOS, msvcrt on Windows); False when it is taken."""
    while True:
        try:
            try:
                import fcntl
            except ImportError:  # Windows
                import msvcrt

                msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if not wait:
                return False
            time.sleep(0.5)


def setup(torch=None, index=None):
    """Makes .venv/ and installs the lock into it, unless it is already made from the same files. An existing .venv/
    keeps its Python and its torch build (`make test` after `make run TORCH=cuda` uses the CUDA build); asking for
    the other build, a .venv/ made in another folder or a damaged one makes it again from scratch."""
    if not writable(ROOT):
        raise SetupError(
            f"this folder cannot be written ({ROOT}): set the course up in a copy you own"
        )
    with one_at_a_time():
        return _setup(torch, index)


def _setup(torch, index):
    stamp = VENV / "installed"
    # ["fingerprint python3.X cpu", folder]
    made = stamp.read_text().splitlines() if stamp.is_file() else []
    made = made[0].split() + made[1:] if made else []
    kept = len(made) == 4 and made[2] in LOCKS and venv_python().exists()
    torch = torch or (made[2] if kept else "cpu")
    why_again = (
        "it was not made by this set-up, or its set-up did not finish"
        if not kept
        else f"it held torch's {made[2]} build, {torch} was asked for"
        if made[2] != torch
        else f"it was made in another folder, {made[3]}, and a virtual environment cannot move"
        if made[3] != str(ROOT)
        else damage()
    )
    started = time.perf_counter()
    if not why_again:
        if made[0] == fingerprint(torch):
            return False
        say(f"Updating {VENV.name}/: {LOCKS[torch]} or pyproject.toml changed")
        install(torch, index, made[1])
    else:
        if not (3, 10) <= sys.version_info[:2] <= (3, 13):
            raise SetupError(
                f"Python 3.10 to 3.13 is needed, this is {sys.version.split()[0]}", "python"
            )
        size = (
            "several minutes, about 2.8 GB"
            if torch == "cuda" and LINUX
            else "about a minute, 300 MB"
        )
        say(
            f"Setting up {VENV.name}/ with Python {sys.version.split()[0]} "
            + (
                f"(first use: {size})"
                if not VENV.exists()
                else f"from scratch ({size}): {why_again}"
            )
        )
        # The old .venv/ waits aside until the new one is done: a set-up that fails (offline, Ctrl-C, a full
        # disk) puts it back as it was, and a first set-up that fails leaves no half-made .venv/ behind.
        old = VENV.with_name(VENV.name + "-old")
        shutil.rmtree(old, ignore_errors=True)
        if VENV.exists():
            VENV.rename(old)
        try:
            make_venv()
            install(torch, index, None)
        except BaseException:
            shutil.rmtree(VENV, ignore_errors=True)
            if old.exists():
                old.rename(VENV)
                say(f"{VENV.name}/ is back as it was before this set-up")
            raise
        shutil.rmtree(old, ignore_errors=True)
    say(f"Set up in {time.perf_counter() - started:.0f} s.")
    return True


def make_venv():
    status = subprocess.run(
        [sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True
    )
    if status.returncode != 0 or not venv_python().exists():
        if "ensurepip" in status.stdout + status.stderr:
            raise SetupError(
                "this Python cannot make a virtual environment with pip: on Debian or Ubuntu, "
                f"sudo apt install python3-venv (or python{sys.version_info[0]}."
                f"{sys.version_info[1]}-venv)"
            )
        said = (status.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise SetupError(f"this Python could not make {VENV.name}/: {said}")


def install(torch, index, python_name):
    """Installs the lock and the course into .venv/ (made already), then records what it was made from."""
    python, lock_file, stamp = venv_python(), ROOT / LOCKS[torch], VENV / "installed"
    stamp.unlink(missing_ok=True)  # until the set-up is done
    if torch == "cpu" and LINUX:
        lock_text = lock_file.read_text()
        if installed_version(python, "torch") != lock_entry(lock_text, "torch", local="cpu")[0]:
            install_torch(python, lock_text, index)
    say(
        f"{lock_file.name}: installing every package it pins, each file checked by pip against its sha256"
    )
    checked(
        pip(python, "install", "--no-deps", "--require-hashes", "-r", str(lock_file)),
        f"installing {lock_file.name}",
    )
    say(
        "the course's own packages, editable: what you change in vanilla/, task/, ... takes effect at once"
    )
    checked(
        pip(python, "install", "--no-deps", "--no-build-isolation", "--editable", str(ROOT)),
        "installing the course's own packages",
    )
    checked(pip(python, "check"), "pip check (every requirement met)")
    stamp.write_text(stamp_text(torch, python_name))


def failure_line(error, command, make=None):
    """The one line a failed set-up ends with; where Python is too old or torch was not found, with the ways on as
    the user would type them (make's goals when the Makefile called, else this script's command)."""
    line, goals = str(error), make or "run"
    if error.ways == "python":
        line += (
            f": name another, make {goals} PYTHON=python3.12"
            if make is not None
            else f": run this with another, python3.12 bootstrap.py {command} (on Windows: py -3.12 bootstrap.py {command})"
        )
    elif error.ways == "torch":
        if make is not None:
            line += (
                f". Ways on: make {goals} TORCH_INDEX=URL with an index that holds it, or make {goals} "
                f"TORCH=cuda for PyPI's CUDA build (about 2.8 GB)"
            )
        else:
            line += (
                f". Ways on: python bootstrap.py {command} --torch-index URL with an index that holds it, or "
                f"python bootstrap.py {command} --torch cuda for PyPI's CUDA build (about 2.8 GB)"
            )
    return line


def course_version():
    """The version pyproject.toml gives the course ("?" where it cannot be read)."""
    try:
        found = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    except OSError:
        found = None
    return found.group(1) if found else "?"


def split(argv):
    """(this script's words, the command's): everything after the command goes to it (`run --help` is the
    comparison's help), but for this script's own options, wherever they stand."""
    mine, theirs, command, words = [], [], None, list(argv)
    while words:
        word = words.pop(0)
        if word.split("=", 1)[0] in ("--torch", "--torch-index", "--make"):
            mine += [word] + ([words.pop(0)] if "=" not in word and words else [])
        elif command is None:
            mine.append(word)
            command = word if not word.startswith("-") else None
        else:
            theirs.append(word)
    return mine, theirs


def main(argv=None):
    parser = Parser(
        prog="python bootstrap.py",
        allow_abbrev=False,
        description=__doc__.split("\n")[0],
        epilog="commands: " + "; ".join(f"{name}: {what}" for name, (_, what) in COMMANDS.items()),
    )
    parser.add_argument("command", choices=COMMANDS, help="what to do once .venv/ is set up")
    parser.add_argument(
        "--torch",
        choices=LOCKS,
        default=None,
        help="cpu: requirements.lock, torch's CPU build (the default for a new .venv/); cuda: "
        "requirements-cuda.lock, PyPI's CUDA build. An existing .venv/ keeps its build",
    )
    parser.add_argument(
        "--torch-index",
        metavar="URL",
        default=os.environ.get("TORCH_INDEX") or None,
        help="where torch's CPU build for Linux is (default: pip's configuration, then "
        f"{TORCH_CPU_INDEX})",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s (vanilla-to-lightning {course_version()})"
    )
    # From the Makefile, with make's goals: the error line goes to stdout, which make prints as its own last line.
    parser.add_argument("--make", metavar="GOALS", help=argparse.SUPPRESS)
    argv = sys.argv[1:] if argv is None else argv
    try:
        mine, rest = split(argv)
        arguments = parser.parse_args(mine)
    except SetupError as error:
        make = "--make" in argv
        message = str(error).replace("argument --torch", "TORCH" if make else "--torch")
        message = message.replace("argument command", "command").replace(
            "the following arguments are required: command",
            f"give a command: {', '.join(COMMANDS)}",
        )
        print(message) if make else say(f"python bootstrap.py: error: {message}")
        return 0 if make else 2
    # before a set-up it would not use
    if arguments.command == "test" and not (ROOT / "tests").is_dir():
        say(
            "bootstrap.py: error: this folder has no tests (a student pack): check the exercises with "
            "`python bootstrap.py check`"
        )
        return 2
    try:
        setup(arguments.torch, arguments.torch_index)
        failed = None
    except KeyboardInterrupt:  # Ctrl-C: pip's children got it too; the old .venv/, if any, is back
        failed, status = "the set-up was interrupted: the same command again finishes it", 130
    except SetupError as error:
        failed, status = failure_line(error, arguments.command, arguments.make), 1
    except OSError as error:  # a file the set-up cannot read or write
        failed, status = f"{error.filename or 'the set-up'}: {error.strerror or error}", 1
    if failed:
        try:
            if arguments.make is not None:  # make prints it as its own last line and exits non-zero
                print(failed, flush=True)
                return 0
            say(f"bootstrap.py: error: {failed}")
        except BrokenPipeError:  # make itself was interrupted and stopped reading
            pass
        return status
    runs, _ = COMMANDS[arguments.command]
    if runs is None:
        return 0
    if arguments.command == "lab" and not WINDOWS and os.geteuid() == 0:
        rest = ["--allow-root", *rest]  # Jupyter refuses root without it (a container, WSL as root)
    # The command runs in the course's folder: a path given from elsewhere (a notebook named from
    # notebooks/exercises/) is made absolute first.
    rest = [
        str(Path(word).resolve()) if not word.startswith("-") and Path(word).exists() else word
        for word in rest
    ]
    try:
        return subprocess.run([str(venv_python()), *runs, *rest], cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
