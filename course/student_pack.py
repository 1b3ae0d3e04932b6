"""`python -m course.student_pack [--out build/student-pack] [--zip]`: the folder a class gets.

It holds the lessons, the exercise notebooks (with their gaps), the course's packages with the checks, the lock files
and the Makefile that sets them up, and a README that says how: `make check` and `make lab` work inside it as in the
repository. It leaves out what gives answers away or is for instructors: the worked solutions
(notebooks/exercises/solutions/), the tests (tests/exercise_corpus/ holds right answers for every exercise), the
grader, the instructors' page, the tools, the CI. A test proves no solution's answer is in it.
"""
import argparse
import ast
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat

from course.exercises import build

REPO = Path(__file__).resolve().parent.parent
FILES = ["Makefile", "bootstrap.py", "pyproject.toml", "requirements.lock", "requirements-cuda.lock", "LICENSE",
         "LICENSE-LESSONS", ".gitignore"]
DATA = ["bench/results/latest.json", "bench/results/cuda/h200-2026-11-25.md"]  # lesson 4 shows the recorded benchmarks
LEFT_OUT = {  # inside the packages: what is the instructors' (the grader) or the packing itself
    "course/grade.py", "course/student_pack.py",
}
SKIPPED = re.compile(r"(^|/)(__pycache__|\.ipynb_checkpoints|lightning_logs)(/|$)|\.pyc$")
INSTRUCTORS_MAKEFILE = re.compile(r"^-?include\s+instructors\.mk\s*$", re.MULTILINE)


def lessons():
    return sorted((REPO / "notebooks").glob("[0-9][0-9]*.ipynb"))


def exercise_notebooks():
    """The notebooks students get: notebooks/exercises/NN_*.ipynb, each built from its solution."""
    return sorted(build.EXERCISES.glob("[0-9][0-9]*.ipynb"))


def packages():
    """The top-level packages the pack needs: those pyproject.toml installs, and those a notebook imports."""
    listed = re.search(r"^packages\s*=\s*\[(.*?)\]", (REPO / "pyproject.toml").read_text(), re.S | re.M)
    names = {name.split(".")[0] for name in re.findall(r"\"([\w.]+)\"", listed.group(1))}
    for path in lessons() + exercise_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                names |= {name for name in imported(cell.source) if (REPO / name / "__init__.py").is_file()}
    return sorted(names)


def imported(source):
    """Top-level module names a cell imports (a cell that is not valid Python imports nothing)."""
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def package_files(names=None):
    """(relative path) of every file of the packages, what LEFT_OUT names and caches left out."""
    found = []
    for name in names or packages():
        for path in sorted((REPO / name).rglob("*")):
            relative = path.relative_to(REPO).as_posix()
            if path.is_file() and relative not in LEFT_OUT and not SKIPPED.search(relative) \
                    and not relative.startswith("bench/results/"):
                found.append(relative)
    return found


def copy_packages(dest, names=None):
    """Copies the course's packages (without the grader) to dest: what a kernel imports. Returns dest."""
    dest = Path(dest)
    for relative in package_files(names) + DATA:
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, target)
    return dest


def write(dest):
    """Writes the pack into dest (which must not exist, or be empty). Returns the list of files written."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty: remove it first")
    copy_packages(dest)
    for name in FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    makefile = dest / "Makefile"
    makefile.write_text(INSTRUCTORS_MAKEFILE.sub("", makefile.read_text()))
    (dest / "notebooks" / "exercises").mkdir(parents=True)
    for path in lessons():
        shutil.copy2(path, dest / "notebooks" / path.name)
    for path in exercise_notebooks():
        shutil.copy2(path, dest / "notebooks" / "exercises" / path.name)
    shutil.copy2(build.EXERCISES / "conftest.py", dest / "notebooks" / "exercises" / "conftest.py")
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
    return re.search(r'^TORCH_CPU_INDEX = "(.+)"', (REPO / "bootstrap.py").read_text(), re.M).group(1)


def readme():
    rows = "\n".join(f"| [{title}](notebooks/{path.name}) | {time} |" for path in lessons()
                     for title, time in [title_and_time(path)])
    exercises = "\n".join(f"| [{title}](notebooks/exercises/{path.name}) | {time} |" for path in exercise_notebooks()
                          for title, time in [title_and_time(path)])
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

Then `make lab` (or `py -3.12 bootstrap.py lab`) opens the notebooks in JupyterLab. (`make help` also lists
the course maintainers' targets; in this folder `test`, `test-gpu` and `browser-check` only say they need the full
repository.)

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
    parser = argparse.ArgumentParser(prog="python -m course.student_pack", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "student-pack",
                        help="the folder to write (replaced if it exists; default build/student-pack)")
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
        key = "notebooks/exercises/" if name.startswith("notebooks/exercises/") else \
            (parts[0] + "/" if len(parts) > 1 else name)
        counts[key] = counts.get(key, 0) + 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
