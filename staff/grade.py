"""`python -m staff.grade SUBMISSIONS [--out build/grades] [--timeout 60] [--notebook-timeout 300] [--jobs 2]`:
grades a class's exercise notebooks on this machine, with the checks the students ran themselves.

SUBMISSIONS is a folder with one folder per student holding the notebooks they handed in (any names: a notebook is
recognised by its exercise cells), or notebooks directly inside it, each then a student of its own. Every notebook
runs top to bottom in a fresh kernel, every cell even after an error, so each exercise gets its own verdict:
correct, wrong (the mistake its check names), not done yet (the gap is still there), not checked (it uses what an
exercise above that is not correct defined), or error (the student's own code raised, the cell ran past its time
limit, the kernel died, the cell no longer ends with its check, or the notebook changed a check: "tampering").
The words are the terminal check's.

Writes OUT/grades.csv (one row per student and notebook, one column per exercise; each row as soon as its notebook
is graded, so a grader stopped by Ctrl-C keeps every row it finished) and OUT/summary.md (the class's counts and
most common mistakes, then every student's verdicts in full), and prints the class summary. Every text that comes
from a student is escaped: a CSV cell never starts a spreadsheet formula, and summary.md shows it as plain text.

Each notebook runs in an operating-system sandbox of its own (staff/sandbox.py: bubblewrap on Linux), so that a
broken or hostile one costs its own row only: no network, no other process in sight, nothing of this machine
readable but the system, Python and a copy of the course's packages without the solutions, the tests or the grader,
nothing writable but two small folders that vanish with it, an environment of its own, limits on memory, processes,
file size and time (--notebook-timeout for the notebook, after which everything it started is gone; --timeout for
each cell). The worker that turns the kernel's output into verdicts (staff/grade_worker.py) runs from files the
notebook cannot write. Files in SUBMISSIONS that are links, too large, or not notebooks are refused before anything
reads them. Without bubblewrap the grader refuses to start, unless --unsandboxed-i-trust-these-notebooks is given.
INSTRUCTORS.md says what a determined student could still do.
"""

import argparse
import ast
import csv
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.exercises import allowed, build, check
from course.exercises.verdict import STATUSES, Verdict, mistake_name
from staff import sandbox, student_pack

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds a cell may run: every check takes seconds
NOTEBOOK_TIMEOUT = 300  # seconds a whole notebook may run, kernel start included
MEMORY = 4 << 30  # bytes the sandbox's processes may map: torch and Lightning map about 0.8 GB
# copied beside the packages: runs inside
WORKER = ("staff/__init__.py", "staff/sandbox.py", "staff/grade_worker.py")
NOTEBOOK_SIZE = 8 << 20  # a larger file is refused unread: the exercise notebooks hold about 50 kB
CELLS = 1000  # a notebook with more is refused: the exercise notebooks hold 10 to 30
REPORT_SIZE = 64 << 10  # bytes of one line from the worker: a verdict's text is a few hundred


@dataclass
class Lesson:
    notebook: str  # its file name in notebooks/exercises/, e.g. "01_five_steps.ipynb"
    exercises: list  # ["1a", "1b"]
    check_lines: (
        dict  # exercise -> the line its cell must end with, e.g. "check_train_step(train_step)"
    )
    # what its notebook imports from the course's packages
    course_names: set = field(default_factory=set)


@dataclass
class Submission:
    student: str
    path: Path
    text: str = ""  # the notebook's file, read once without following links
    refused: str = ""  # why it was not read


@dataclass
class Row:
    student: str
    file: str  # the notebook's path inside SUBMISSIONS
    lesson: Lesson = None
    verdicts: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what happened to the notebook as a whole
    seconds: float = 0.0

    def score(self):
        return sum(v.status == "correct" for v in self.verdicts), len(self.verdicts)


def lessons():
    """Every exercise notebook students get, with its exercises and their check lines, from the student notebooks."""
    found = []
    for path in student_pack.exercise_notebooks():
        notebook = nbformat.read(path, as_version=4)
        lines = {
            build.exercise_of(cell.source): last_line(cell.source)
            for cell in notebook.cells
            if cell.cell_type == "code" and build.exercise_of(cell.source)
        }
        imported = {
            name
            for cell in notebook.cells
            if cell.cell_type == "code"
            for name in _course_imports(check.cell_tree(cell.source))
        }
        found.append(Lesson(path.name, list(lines), lines, imported))
    return found


def _course_imports(tree):
    """The names a cell imports from the course's packages (course.exercises, task: what a student may use)."""
    names = set()
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "course":
            names |= {alias.name for alias in node.names}
    return names


def last_line(source):
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def submissions(folder):
    """A Submission for every file handed in: folder/STUDENT/**/*, or folder/NAME.ipynb as student NAME. A link,
    a file that is not *.ipynb or one over NOTEBOOK_SIZE is refused without being read; a notebook is read once."""
    found = []
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            found.append(
                Submission(
                    entry.stem, entry, refused="a symbolic link: hand in the notebook itself"
                )
            )
        elif entry.is_dir():
            for path in sorted(_files(entry)):
                found.append(_read(entry.name, path))
        else:
            found.append(_read(entry.stem, entry))
    return found


def _files(folder):
    """Every file under folder, links included (never followed), caches and hidden files left out."""
    for root, folders, files in os.walk(folder):  # os.walk follows no link to a folder
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files + [name for name in folders if os.path.islink(os.path.join(root, name))]:
            if not name.startswith("."):
                yield Path(root, name)


def _read(student, path):
    if path.suffix != ".ipynb":
        return Submission(student, path, refused="not a notebook (*.ipynb)")
    try:
        descriptor = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError as error:
        why = (
            "a symbolic link: hand in the notebook itself" if path.is_symlink() else error.strerror
        )
        return Submission(student, path, refused=why)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            return Submission(student, path, refused="not a regular file")
        if info.st_size > NOTEBOOK_SIZE:
            return Submission(
                student,
                path,
                refused=f"{info.st_size / 2**20:.0f} MB, over the {NOTEBOOK_SIZE >> 20} "
                "MB a notebook may be: clear its outputs and hand it in again",
            )
        return Submission(
            student, path, text=file.read(NOTEBOOK_SIZE + 1).decode("utf-8", errors="replace")
        )


def identify(source, known, name=None):
    """(the notebook or None, its Lesson or None, a note): by its exercise cells, else by its file name. source:
    the notebook's text, or a path to read it from."""
    if isinstance(source, Path):
        name, source = name or source.name, source.read_text(errors="replace")
    by_name = next((lesson for lesson in known if lesson.notebook == name), None)
    try:
        notebook = nbformat.reads(source, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # empty, not JSON, not a notebook
        first = (str(error).strip().splitlines() or [""])[0][:100]
        return None, by_name, f"not a notebook that can be read ({type(error).__name__}: {first})"
    if len(notebook.cells) > CELLS:
        return (
            None,
            by_name,
            f"{len(notebook.cells)} cells, more than the {CELLS} a notebook may hold",
        )
    exercises = {
        build.exercise_of(cell.source) for cell in notebook.cells if cell.cell_type == "code"
    } - {None}
    best = max(known, key=lambda lesson: len(exercises & set(lesson.exercises)))
    if exercises & set(best.exercises):
        note = "" if best.notebook == name else f"renamed: recognised as {best.notebook}"
        return notebook, best, note
    if by_name:
        return notebook, by_name, "no exercise cell left in it"
    return notebook, None, "not an exercise notebook: no '# Exercise ...' cell"


class GradingRefused(Exception):
    """Grading cannot start as asked; the message says why and what to do."""


def grade(
    folder,
    out,
    timeout=TIMEOUT,
    notebook_timeout=NOTEBOOK_TIMEOUT,
    jobs=None,
    memory=MEMORY,
    progress=print,
    unsandboxed=False,
):
    """Grades every notebook in folder, each in its own sandbox; writes out/grades.csv (a row as soon as its notebook
    is graded) and out/summary.md. Returns the rows. Without bubblewrap it refuses, unless unsandboxed is true."""
    folder, out = Path(folder).resolve(), Path(out).resolve()
    program = sandbox.bwrap()
    if program is None and not unsandboxed:
        raise GradingRefused(NO_SANDBOX)
    known = lessons()
    work = submissions(folder)
    out.mkdir(parents=True, exist_ok=True)
    run_root = Path(tempfile.mkdtemp(prefix="grade-"))
    rows, done, running, stopping = [], threading.Lock(), set(), threading.Event()
    csv_file = out / "grades.csv"
    try:
        with open(csv_file, "w", newline="") as file:
            file.write(to_csv([], known))
        pack = student_pack.copy_packages(run_root / "pack", extra=WORKER)
        shared = _shared_files(run_root)

        def one(index_and_submission):
            index, submission = index_and_submission
            if stopping.is_set():
                return None
            try:
                row = grade_one(
                    submission,
                    folder,
                    known,
                    run_root / f"s{index:03d}",
                    program,
                    pack,
                    shared,
                    timeout,
                    notebook_timeout,
                    memory,
                    running,
                )
            except (
                Exception
            ) as error:  # a bug of the grader's own: this row says so, the class goes on
                row = Row(
                    shown_name(submission.student),
                    shown_name(submission.path.relative_to(folder).as_posix()),
                    notes=[
                        f"the grader could not grade this notebook ({type(error).__name__}: {str(error)[:200]})"
                    ],
                )
            with done:
                if stopping.is_set():
                    return None  # stopped by the grader's own stop, not graded
                rows.append(row)
                with open(
                    csv_file, "a", newline=""
                ) as file:  # written now: a stopped grader keeps this row
                    file.write(to_csv([row], known, header=False))
                    file.flush()
                    os.fsync(file.fileno())
                progress(
                    plain(
                        f"  {row.student}/{Path(row.file).name}: {row_line(row)} ({row.seconds:.0f} s)"
                    )
                )
            return row

        pool = ThreadPoolExecutor(jobs or min(2, os.cpu_count() or 1))
        try:
            list(pool.map(one, enumerate(work)))
        # Ctrl-C: the sandboxes running now are stopped, the rows written stay
        except BaseException:
            stopping.set()
            for worker in list(running):
                _kill_group(worker)
            raise
        finally:
            pool.shutdown(cancel_futures=True)
    finally:
        shutil.rmtree(run_root, ignore_errors=True)
        with done:
            graded = sorted(rows, key=lambda row: (row.student, row.file))
            stopped = len(graded) < len(work)
            if not stopped:
                _replace(csv_file, to_csv(graded, known))  # the same rows, in the class's order
            _replace(
                out / "summary.md",
                summary_markdown(graded, known, stopped_after=len(work) if stopped else None),
            )
    return graded


NO_SANDBOX = (
    "grading needs bubblewrap (`bwrap`, Linux; Debian and Ubuntu: sudo apt install bubblewrap), which "
    "runs each notebook with no network, no view of other processes and no access to this machine's "
    "files; without it a hostile notebook runs as you and can read the solutions and change the grades. "
    "To grade notebooks you trust anyway, add --unsandboxed-i-trust-these-notebooks"
)


def _replace(path, text):
    """Writes a whole file through a temporary file beside it, then renames it: never half written."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text)
    os.replace(partial, path)


def _shared_files(run_root):
    """Files every sandbox gets a read-only copy of: IPython's start-up file, matplotlib's font cache."""
    mpl = run_root / "mpl"
    mpl.mkdir()
    # about a second, made once
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"],
        env=dict(os.environ, MPLCONFIGDIR=str(mpl)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    startup = run_root / "00-grading.py"
    startup.write_text(
        "import course.exercises.intact  # what the checks rely on, before any student code\n"
        "course.exercises.intact.snapshot()\n"
    )
    files = {f"{sandbox.HOME}/.ipython/profile_default/startup/00-grading.py": startup}
    files.update({f"{sandbox.HOME}/mpl/{path.name}": path for path in mpl.glob("*.json")})
    return files


def grade_one(
    submission,
    folder,
    known,
    root,
    program,
    pack,
    shared,
    timeout,
    notebook_timeout,
    memory,
    running=None,
):
    """One notebook, by a worker in a sandbox of its own. Returns its Row."""
    start = time.perf_counter()
    row = Row(
        shown_name(submission.student), shown_name(submission.path.relative_to(folder).as_posix())
    )
    if submission.refused:
        row.notes.append(f"refused: {submission.refused}")
        return row
    notebook, row.lesson, note = identify(submission.text, known, submission.path.name)
    if note:
        row.notes.append(note)
    if row.lesson is None:
        return row
    if notebook is None:
        row.verdicts = [
            Verdict(e, "error", "the notebook could not be read") for e in row.lesson.exercises
        ]
        return row
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None  # a verdict comes from this run only
    checks = {exercise: check_names(line) for exercise, line in row.lesson.check_lines.items()}
    # the worker signs each report with it: a line the notebook writes is not one
    key = secrets.token_hex(32)
    job = {
        "notebook": nbformat.writes(notebook),
        "timeout": timeout,
        "checks": checks,
        "key": key,
        "course_names": sorted(row.lesson.course_names),
        "processes": sandbox.PROCESSES,
        "memory": memory,
        "sandboxed": program is not None,
    }
    root.mkdir()
    argv = [sys.executable, "-m", "staff.grade_worker"]
    if program:
        argv, cwd, env = sandbox.command(program, pack, shared, argv), None, {}
    else:  # --unsandboxed-i-trust-these-notebooks: the same worker, in a folder of its own, as this user
        cwd, env = root, _unsandboxed_environment(root, pack, shared)
    worker = subprocess.Popen(
        sandbox.limited(argv, notebook_timeout, memory),
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    running = set() if running is None else running
    running.add(worker)
    reports, said = [], []
    readers = [
        threading.Thread(
            target=lambda: reports.extend(_read_reports(worker.stdout, key)), daemon=True
        ),
        threading.Thread(target=lambda: said.extend(_last_lines(worker.stderr)), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        worker.stdin.write(json.dumps(job).encode())
        worker.stdin.close()
    except OSError:
        pass  # the worker died at once: its reports say so
    try:
        worker.wait(timeout=notebook_timeout)
    except subprocess.TimeoutExpired:
        row.notes.append(f"stopped: the notebook ran past its {notebook_timeout:g} s limit")
    _kill_group(worker)  # the sandbox, and with it everything the notebook started
    running.discard(worker)
    for reader in readers:
        reader.join(timeout=5)
    for stream in (worker.stdin, worker.stdout, worker.stderr):
        stream.close()
    if not any("finished" in report or "stopped" in report for report in reports):
        reports.append(
            {
                "stopped": f"the grading worker ended early (exit status {worker.returncode}"
                + (f": {said[-1][:200]})" if said else ")")
            }
        )
    row.verdicts = verdicts_of(
        row,
        notebook,
        reports,
        worker.returncode,
        tampering(notebook, checks, row.lesson.course_names),
    )
    row.seconds = time.perf_counter() - start
    return row


def _unsandboxed_environment(root, pack, shared):
    home = root / "home"
    env = {
        key: value.replace(sandbox.HOME, str(home))
        for key, value in sandbox.environment(pack).items()
    }
    env.update(PATH=os.environ.get("PATH", ""), TMPDIR=str(home / "tmp"))
    for inside, here in shared.items():
        target = home / Path(inside).relative_to(sandbox.HOME)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(here, target)
    (home / "tmp").mkdir()
    return env


def check_names(line):
    """The names a check line calls, e.g. ["check_train_step"] for check_train_step(train_step)."""
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return []
    return [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]


def tampering(notebook, checks, course_names=()):
    """What the notebook's code could do to the checks, read from its source (the kernel cannot change this
    reading; course/exercises/allowed.py says what is read): one "tampering: ..." or "not allowed: ..." each."""
    called = {name for names in checks.values() for name in names}
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    indexes = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    found = allowed.findings(sources, called, set(course_names) | called)
    return [
        f"{kind}: " + re.sub(r"^cell (\d+)", lambda m: f"cell {indexes[int(m.group(1))]}", text)
        for kind, text in found
    ]


def verdicts_of(row, notebook, reports, returncode, tampered=()):
    """One Verdict per exercise of the lesson, from the worker's reports, in the lesson's order."""
    said = {
        report["exercise"]: report
        for report in reports
        if report.get("exercise") in row.lesson.exercises
        and report.get("status") in STATUSES
        and isinstance(report.get("text"), str)
    }
    intact = {report["intact"]: report["text"] for report in reports if "intact" in report}
    stopped = next((report for report in reports if "stopped" in report), None)
    if stopped:
        row.notes.append(stopped["stopped"])
    elif not any("finished" in report for report in reports) and not any(
        "stopped: " in n for n in row.notes
    ):
        row.notes.append(f"the grading worker ended early (exit status {returncode})")
    row.notes += [
        f"cell {report['cell']}: {report['text']}" for report in reports if "cell" in report
    ]
    # no honest notebook touches the grader's channel
    if any(report.get("forged") for report in reports):
        tampered = [*tampered, "tampering: the notebook wrote into the grader's channel"]
    row.notes += list(tampered)
    cells = []  # (index, source, the cell's own verdict): check.in_order then judges each exercise in order
    for index, cell in enumerate(notebook.cells):
        exercise = build.exercise_of(cell.source) if cell.cell_type == "code" else None
        if exercise in row.lesson.exercises:
            report = said.get(exercise)
            verdict = (
                Verdict(exercise, "error", "not run: the notebook stopped before this cell")
                if report is None
                else _checked_honestly(
                    Verdict(exercise, report["status"], report["text"]),
                    cell.source,
                    row.lesson.check_lines[exercise],
                    tampered,
                    intact.get(exercise),
                )
            )
            cells.append((index, cell.source, verdict))
        elif cell.cell_type == "code":
            cells.append((index, cell.source, None))
    judged = {verdict.exercise: verdict for verdict in check.in_order(cells)}
    return [
        judged.get(exercise) or Verdict(exercise, "error", "its cell is missing from the notebook")
        for exercise in row.lesson.exercises
    ]


def _checked_honestly(verdict, source, check_line, tampered=(), intact="intact:"):
    """A correct verdict stands only if the cell still ends with its own check line and prints no "Correct:" itself,
    the notebook changes no check (read from its source), and the checks were intact after the cell ran."""
    if verdict.status != "correct":
        return verdict
    if last_line(source) != check_line:
        return Verdict(
            verdict.exercise,
            "error",
            f"the check line was changed: the cell must end with {check_line}",
        )
    if check.says_correct(source):
        return Verdict(verdict.exercise, "error", 'the cell prints its own "Correct:" line')
    if tampered:
        return Verdict(verdict.exercise, "error", tampered[0])
    if intact is None:
        return Verdict(
            verdict.exercise,
            "error",
            "the grader could not confirm that the checks were the course's "
            "(the notebook stopped right after this cell)",
        )
    if not intact.startswith("intact:"):
        return Verdict(verdict.exercise, "error", f"tampering: {intact.removeprefix('changed: ')}")
    return verdict


def _read_reports(stream, key):
    """The worker's reports: lines "MAC JSON", numbered from 0, each signed with key. A line that is not signed,
    is too long or is out of order (what a notebook could write into the pipe, or take from it) ends the reading
    with a report that says so: the verdicts before it stand."""
    reports = []
    while line := stream.readline(REPORT_SIZE):
        mac, _, text = line.rstrip(b"\n").partition(b" ")
        try:
            report = json.loads(text)
            signed = hmac.compare_digest(
                mac.decode(), hmac.new(key.encode(), text, hashlib.sha256).hexdigest()
            )
        except (ValueError, UnicodeDecodeError):
            signed = False
        if not (signed and isinstance(report, dict) and report.get("n") == len(reports)):
            reports.append(
                {
                    "stopped": "the notebook wrote into the grader's channel, or took from it: the "
                    "verdicts after this point are not the grader's",
                    "forged": True,
                }
            )
            return reports
        reports.append(report)
    return reports


def _last_lines(stream, keep=20):
    """The last lines the worker wrote on stderr (its own errors), read as they come, at most keep of them."""
    lines = []
    while line := stream.readline(REPORT_SIZE):
        lines = (lines + [line.decode(errors="replace").strip()])[-keep:]
    return [line for line in lines if line]


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


# What the grader writes.


def row_line(row):
    done, total = row.score()
    lesson = row.lesson.notebook if row.lesson else "?"
    cells = ", ".join(f"{v.exercise} {v.cell()}" for v in row.verdicts)
    notes = "; ".join(row.notes)
    return (
        f"{lesson}: {done}/{total}"
        + (f" [{cells}]" if cells else "")
        + (f" ({notes})" if notes else "")
    )


def columns(known):
    return [exercise for lesson in known for exercise in lesson.exercises]


def to_csv(rows, known, header=True):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    if header:
        writer.writerow(
            ["student", "notebook", "lesson", "correct", "of"] + columns(known) + ["notes"]
        )
    for row in rows:
        done, total = row.score()
        cells = {v.exercise: v.cell() for v in row.verdicts}
        writer.writerow(
            [
                spreadsheet_text(value)
                for value in [
                    row.student,
                    row.file,
                    row.lesson.notebook if row.lesson else "",
                    done,
                    total,
                ]
                + [cells.get(exercise, "") for exercise in columns(known)]
                + ["; ".join(row.notes)]
            ]
        )
    return text.getvalue()


def shown_name(name):
    """A student's or a file's name as the grades show it: itself when plain, else Python's ascii() of it, so that
    names that differ only in invisible characters ("\t=1+1", " =1+1") stay apart."""
    return name if name.isprintable() and name == name.strip() and "  " not in name else ascii(name)


def plain(value):
    """Text from a student, safe to show anywhere: on one line, every control or formatting character (a
    terminal's escape codes, bidirectional overrides) replaced by "?"."""
    text = " ".join(str(value).split())
    return "".join("?" if unicodedata.category(char)[0] == "C" else char for char in text)


def spreadsheet_text(value):
    """A CSV cell a spreadsheet shows as text: plain, and never a formula (a leading =, +, - or @)."""
    value = plain(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def markdown_text(value):
    """Text from a student shown as itself in summary.md: plain, markdown's inline marks escaped."""
    return re.sub(r"([\\`*_\[\]<>|~#!])", r"\\\1", plain(value))


def class_counts(rows, known):
    """exercise -> Counter of statuses, over the rows that hold it."""
    counts = {exercise: Counter() for exercise in columns(known)}
    for row in rows:
        for verdict in row.verdicts:
            counts[verdict.exercise][verdict.status] += 1
    return counts


def common_mistakes(rows, status="wrong", top=10):
    """[(name, {exercise: [students]})], most students first: the verdicts of a status grouped by their name, over
    every exercise (a classic mistake such as a forgotten zero_grad shows up in several)."""
    seen = {}
    for row in rows:
        for verdict in row.verdicts:
            if verdict.status == status:
                seen.setdefault(mistake_name(verdict.text), {}).setdefault(
                    verdict.exercise, []
                ).append(row.student)
    return sorted(seen.items(), key=lambda item: (-sum(map(len, item[1].values())), item[0]))[:top]


def class_summary(rows, known):
    students = sorted({row.student for row in rows})
    lines = [
        f"{len(rows)} notebooks from {len(students)} students.",
        "",
        "| exercise | " + " | ".join(STATUSES) + " |",
        "|---|" + "---:|" * len(STATUSES),
    ]
    for exercise, counts in class_counts(rows, known).items():
        if sum(counts.values()):
            lines.append(f"| {exercise} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    for status, heading in (("wrong", "Most common mistakes"), ("error", "Errors")):
        found = common_mistakes(rows, status)
        if found:
            lines += ["", f"{heading}:", ""]
        for k, (name, where) in enumerate(found, 1):
            count = sum(map(len, where.values()))
            who = "; ".join(
                f"{exercise}: {', '.join(students)}" for exercise, students in where.items()
            )
            lines.append(f"{k}. {markdown_text(name)}: {count} ({markdown_text(who)})")
    return "\n".join(lines)


def summary_markdown(rows, known, stopped_after=None):
    lines = ["# Grades", ""]
    if stopped_after:
        lines += [
            f"Grading was stopped after {len(rows)} of {stopped_after} notebooks: these are the ones graded.",
            "",
        ]
    lines += [class_summary(rows, known), "", "## Each student", ""]
    for student in sorted({row.student for row in rows}):
        lines.append(f"### {markdown_text(student)}")
        for row in (r for r in rows if r.student == student):
            done, total = row.score()
            lesson = (
                f" (as {row.lesson.notebook})"
                if row.lesson and row.lesson.notebook != Path(row.file).name
                else ""
            )
            lines += ["", f"{markdown_text(row.file)}{lesson}: {done} of {total} correct."]
            lines += [f"- {markdown_text(note)}" for note in row.notes]
            lines += [
                f"- Exercise {v.exercise}: **{v.status}**: {markdown_text(v.text)}"
                for v in row.verdicts
            ]
        lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.grade", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "submissions", type=Path, nargs="?", help="the folder of the class's notebooks"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "build" / "grades", help="where to write (build/grades)"
    )
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT, help=f"seconds a cell may run ({TIMEOUT})"
    )
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=NOTEBOOK_TIMEOUT,
        help=f"seconds a notebook may run ({NOTEBOOK_TIMEOUT})",
    )
    parser.add_argument(
        "--memory", type=float, default=MEMORY / 2**30, help="GiB a notebook's kernel may map (4)"
    )
    parser.add_argument(
        "--jobs", type=int, help="notebooks graded at once (default: 2, or 1 on one core)"
    )
    parser.add_argument(
        "--unsandboxed-i-trust-these-notebooks",
        dest="unsandboxed",
        action="store_true",
        help="grade without bubblewrap: each notebook then runs as you, able to read the solutions, "
        "change the grades and reach the network (for notebooks you trust, or no grades)",
    )
    arguments = parser.parse_args(argv)
    if arguments.submissions is None or not arguments.submissions.is_dir():
        parser.error("give the folder of the class's notebooks: make grade SUBMISSIONS=folder")
    start = time.perf_counter()
    try:
        rows = grade(
            arguments.submissions,
            arguments.out,
            arguments.timeout,
            arguments.notebook_timeout,
            arguments.jobs,
            int(arguments.memory * 2**30),
            unsandboxed=arguments.unsandboxed,
        )
    except GradingRefused as refused:
        print(f"staff.grade: {refused}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"staff.grade: stopped; every notebook graded before is in {_shown(arguments.out / 'grades.csv')} "
            f"and {_shown(arguments.out / 'summary.md')}",
            file=sys.stderr,
        )
        return 130
    print()
    print(class_summary(rows, lessons()))
    print(
        f"\nGraded {len(rows)} notebooks in {time.perf_counter() - start:.0f} s: "
        f"{_shown(arguments.out / 'grades.csv')}, {_shown(arguments.out / 'summary.md')}"
    )
    return 0


def _shown(path):
    try:
        return Path(path).resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
