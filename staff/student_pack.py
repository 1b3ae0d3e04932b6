"""`python -m staff.student_pack [--out build/student-pack] [--zip]`: the folder a class gets.

It holds every file the repository tracks (`git ls-files`) except what is not the students': the staff package
(staff/: the grader, the tools, the benchmark's code, the corpus of right answers, the instructors' page and make
targets), the tests, the worked solutions (notebooks/exercises/solutions/) and the CI's hook (.ci/). Nothing is
listed by hand: a new file lands in the pack unless it is in one of those. Its README says how to start; `make
check` and `make lab` work inside it as in the repository. A test proves no solution's answer is in it.
"""

import argparse
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

from course.exercises import build

REPO = Path(__file__).resolve().parent.parent
# the staff's, and the CI's hook
LEFT_OUT = ("staff/", "tests/", "notebooks/exercises/solutions/", ".ci/")


def lessons():
    return sorted((REPO / "notebooks").glob("[0-9][0-9]*.ipynb"))


def exercise_notebooks():
    """The notebooks students get: notebooks/exercises/NN_*.ipynb, each built from its solution."""
    return sorted(build.EXERCISES.glob("[0-9][0-9]*.ipynb"))


def tracked():
    """Every file git tracks in the repository, as paths relative to it (one deleted but not yet committed left out)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        raise RuntimeError(
            f"the student pack is made from a git checkout: git ls-files says {listed.stderr.strip()}"
        )
    return sorted(name for name in listed.stdout.split("\0") if name and (REPO / name).is_file())


def in_pack(names):
    """The names the pack holds: all but what LEFT_OUT starts."""
    return [name for name in names if not name.startswith(LEFT_OUT)]


def package_files(names=None):
    """The pack's files inside a Python package (a top-level folder with an __init__.py): what a kernel imports."""
    names = in_pack(tracked()) if names is None else names
    return [
        name
        for name in names
        if "/" in name and (REPO / name.split("/")[0] / "__init__.py").is_file()
    ]


def copy_packages(dest, extra=()):
    """Copies the course's packages as the pack has them, and the extra files named, to dest. Returns dest."""
    dest = Path(dest)
    for relative in package_files() + list(extra):
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, target)
    return dest


def write(dest):
    """Writes the pack into dest (which must not exist, or be empty). Returns the list of files written."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty: remove it first")
    for relative in in_pack(tracked()):
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, target)
    # the pack's own: how to start, the lessons and the exercises
    (dest / "README.md").write_text(readme())
    return sorted(path.relative_to(dest).as_posix() for path in dest.rglob("*") if path.is_file())


def title_and_time(path):
    """A notebook's title (its first heading) and the time its header states, e.g. ("Lesson 1: ...", "15 minutes")."""
    first = nbformat.read(path, as_version=4).cells[0].source
    title = first.splitlines()[0].lstrip("# ").strip()
    time = re.search(r"\*\*Time:\*\*\s*([^;.]*)", first)
    return title, time.group(1).strip() if time else ""


def torch_cpu_index():
    """The index bootstrap.py takes torch's CPU build from, for the pack's README (bootstrap.py is a script, not a
    module the course can import)."""
    return re.search(r'^TORCH_CPU_INDEX = "(.+)"', (REPO / "bootstrap.py").read_text(), re.M).group(
        1
    )


def readme():
    rows = "\n".join(
        f"| [{title}](notebooks/{path.name}) | {time} |"
        for path in lessons()
        for title, time in [title_and_time(path)]
    )
    exercises = "\n".join(
        f"| [{title}](notebooks/exercises/{path.name}) | {time} |"
        for path in exercise_notebooks()
        for title, time in [title_and_time(path)]
    )
    return f"""# vanilla-to-lightning: the student pack

A course that turns a raw PyTorch training loop into a PyTorch Lightning module, side by side. This folder holds the
lessons, the exercises with their checks, and the course's code. You need Python 3.10 to 3.13.

## Start

Two commands, from this folder. The first use of either sets everything up in `.venv/` (about a minute and 300 MB
to download; nothing needs the network after that).

Linux and macOS, with `make` (Debian or Ubuntu: also `sudo apt install python3-venv`; macOS: `make` comes with
`xcode-select --install`, Apple silicon only; if `python3 --version` is older than 3.10, add `PYTHON=python3.12`,
or the 3.10-3.13 you have, to each command):

```bash
make run     # set up, then train the vanilla loop and its Lightning twin and compare them
make check   # set up, then check every exercise notebook: one line per exercise
```

Windows (PowerShell), or anywhere without `make` (`py -3.12` names the Python: write the 3.10-3.13 you have):

```powershell
py -3.12 bootstrap.py run
py -3.12 bootstrap.py check
```

**Before the first class**, at home: `make ready` (Windows: `py -3.12 bootstrap.py ready`). It sets up (the first
time takes minutes, not seconds: do it before class, not in it), starts a Jupyter kernel, trains the starting loop
and its Lightning twin for one epoch, and ends with `ready`, or with one line that says what is wrong and what to do.

Then `make lab` (or `py -3.12 bootstrap.py lab`) opens the notebooks in JupyterLab. (`make help` also lists
the course maintainers' targets; in this folder `test`, `bench`, `test-gpu` and `browser-check` only say they need
the full repository.)

The set-up installs the exact, tested versions from `requirements.lock`, each file checked by pip against the
sha256 the lock records, and torch's CPU build. On Linux that build is not on PyPI: it comes from pip's own
configuration when that has it, otherwise from PyTorch's CPU index, {torch_cpu_index()} (on Python 3.11 its
file is checked against the lock too; on other Pythons the set-up says it could not check it). When torch
cannot be found, the last line says what was tried and the two ways on: another index (`make check TORCH_INDEX=URL`,
`bootstrap.py check --torch-index URL`) or PyPI's CUDA build (`make check TORCH=cuda`, `--torch cuda`: about 2.8 GB).

## Lessons

Stored outputs make them readable without running anything.

| lesson | time |
|---|---|
{rows}

## Exercises

Open one in JupyterLab, replace each `raise NotImplementedError(...)` line with your answer and run the cell: the check
on its last line says `Correct: ...`, or names the mistake and how to fix it.

```bash
make check NOTEBOOK=notebooks/exercises/02_vanilla_loop.ipynb          # one notebook, from the terminal
py -3.12 bootstrap.py check notebooks/exercises/02_vanilla_loop.ipynb  # the same without make
```

| exercise | time |
|---|---|
{exercises}

Hand in your notebooks from `notebooks/exercises/` as they are: your instructor runs them again, each on its own,
and reads what the checks say.
"""


def make_zip(folder, archive):
    """A zip of the folder, every path under one top folder named like the archive."""
    folder, archive = Path(folder), Path(archive)
    top = archive.stem
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return archive


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.student_pack", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "build" / "student-pack",
        help="the folder to write (replaced if it exists; default build/student-pack)",
    )
    parser.add_argument("--zip", action="store_true", help="also write OUT.zip beside it")
    arguments = parser.parse_args(argv)
    if arguments.out.exists():
        shutil.rmtree(arguments.out)
    files = write(arguments.out)
    size = sum((arguments.out / name).stat().st_size for name in files)
    print(f"wrote {arguments.out}: {len(files)} files, {size / 1e6:.1f} MB")
    print("  " + ", ".join(f"{kind} {count}" for kind, count in summary(files).items()))
    if arguments.zip:
        archive = make_zip(arguments.out, arguments.out.with_suffix(".zip"))
        print(f"wrote {archive}: {archive.stat().st_size / 1e6:.1f} MB")
    return 0


def summary(files):
    """How many files of each kind: {"notebooks/": 8, "notebooks/exercises/": 7, "course/": ..., ...}."""
    counts = {}
    for name in files:
        parts = name.split("/")
        key = (
            "notebooks/exercises/"
            if name.startswith("notebooks/exercises/")
            else (parts[0] + "/" if len(parts) > 1 else name)
        )
        counts[key] = counts.get(key, 0) + 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
