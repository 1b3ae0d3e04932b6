"""`python -m course.grade SUBMISSIONS [--out build/grades] [--timeout 60] [--notebook-timeout 300] [--jobs 2]`:
grades a class's exercise notebooks on this machine, with the checks the students ran themselves.

SUBMISSIONS is a folder with one folder per student holding the notebooks they handed in (any names: a notebook is
recognised by its exercise cells), or notebooks directly inside it, each then a student of its own. Every notebook
runs top to bottom in a fresh kernel, every cell even after an error, so each exercise gets its own verdict:
correct, wrong (the mistake its check names), not done yet (the gap is still there), not checked (it uses what an
exercise above that is not correct defined), or error (the student's own code raised, the cell ran past its time
limit, the kernel died, or the cell no longer ends with its check). The words are the terminal check's.

Writes OUT/grades.csv (one row per student and notebook, one column per exercise) and OUT/summary.md (the class's
counts and most common mistakes, then every student's verdicts in full), and prints the class summary.

Each notebook is contained, so that a broken or hostile one costs its own row only:
- it runs in a new folder of its own under the system's temporary folder, holding only a copy of the notebook, with
  HOME and TMPDIR inside it; the kernel imports a copy of the course's packages without the solutions, the tests or
  the grader (course/student_pack.py), never the repository;
- its worker process and kernel have a wall-clock limit (--notebook-timeout; the process group is killed), each cell
  a time limit (--timeout; the kernel is interrupted and the next cell runs), and resource limits: CPU seconds,
  memory (--memory), file size, open files, no core files;
- an audit hook installed in the kernel before the first cell (course/grade_guard.py) refuses reading the
  repository, the submissions and the grades, writing or deleting outside the notebook's folder, starting
  processes, signalling others and connecting to other machines.
What a determined student could still do: the audit hook is Python-level, so C code run through ctypes (whose
libc functions are one attribute away) could read and change any file the grading user may, the solutions
included, and kill processes; a check function could be replaced at run time by code that prints a fake "Correct:" line
(the grader flags a cell that changes its check line or prints "Correct:" itself, not a redefinition elsewhere);
and a notebook could fill the disk with many small files. For an exam, grade as a user who cannot read the
repository and owns nothing else, or in a container or a VM.
"""
import argparse
import asyncio
import csv
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course import student_pack
from course.exercises import build, check
from course.exercises.verdict import STATUSES, Verdict, mistake_name

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds a cell may run: every check takes seconds
NOTEBOOK_TIMEOUT = 300  # seconds a whole notebook may run, kernel start included
MEMORY = 4 << 30  # address space of the worker and of the kernel: torch and Lightning map about 0.8 GB
FILE_SIZE = 256 << 20
OPEN_FILES = 1024
TIMED_OUT = "GradingTimeout"


@dataclass
class Lesson:
    notebook: str  # its file name in notebooks/exercises/, e.g. "01_five_steps.ipynb"
    exercises: list  # ["1a", "1b"]
    check_lines: dict  # exercise -> the line its cell must end with, e.g. "check_train_step(train_step)"


@dataclass
class Row:
    student: str
    file: str  # the notebook's path inside SUBMISSIONS
    lesson: Lesson = None
    verdicts: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what happened to the notebook as a whole
    tried: list = field(default_factory=list)  # what the fence refused, from the kernel's log
    seconds: float = 0.0

    def score(self):
        return sum(v.status == "correct" for v in self.verdicts), len(self.verdicts)


def lessons():
    """Every exercise notebook students get, with its exercises and their check lines, from the student notebooks."""
    found = []
    for path in student_pack.exercise_notebooks():
        notebook = nbformat.read(path, as_version=4)
        lines = {build.exercise_of(cell.source): last_line(cell.source) for cell in notebook.cells
                 if cell.cell_type == "code" and build.exercise_of(cell.source)}
        found.append(Lesson(path.name, list(lines), lines))
    return found


def last_line(source):
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def submissions(folder):
    """(student, path) for every notebook: folder/STUDENT/**/*.ipynb, or folder/NAME.ipynb as student NAME."""
    folder = Path(folder)
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.name.startswith("."):
            found += [(entry.name, path) for path in sorted(entry.rglob("*.ipynb"))
                      if ".ipynb_checkpoints" not in path.parts]
        elif entry.suffix == ".ipynb":
            found.append((entry.stem, entry))
    return found


def identify(path, known):
    """(the notebook or None, its Lesson or None, a note): by its exercise cells, else by its file name."""
    by_name = next((lesson for lesson in known if lesson.notebook == Path(path).name), None)
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # empty, not JSON, not a notebook
        first = (str(error).strip().splitlines() or [""])[0][:100]
        return None, by_name, f"not a notebook that can be read ({type(error).__name__}: {first})"
    exercises = {build.exercise_of(cell.source) for cell in notebook.cells if cell.cell_type == "code"} - {None}
    best = max(known, key=lambda lesson: len(exercises & set(lesson.exercises)))
    if exercises & set(best.exercises):
        note = "" if best.notebook == Path(path).name else f"renamed: recognised as {best.notebook}"
        return notebook, best, note
    if by_name:
        return notebook, by_name, "no exercise cell left in it"
    return notebook, None, "not an exercise notebook: no '# Exercise ...' cell"


def grade(folder, out, timeout=TIMEOUT, notebook_timeout=NOTEBOOK_TIMEOUT, jobs=None, memory=MEMORY,
          progress=print):
    """Grades every notebook in folder; writes out/grades.csv and out/summary.md. Returns the rows."""
    folder, out = Path(folder).resolve(), Path(out).resolve()
    known = lessons()
    work = submissions(folder)
    out.mkdir(parents=True, exist_ok=True)
    run_root = Path(tempfile.mkdtemp(prefix="grade-"))
    try:
        course_copy = student_pack.copy_packages(run_root / "course")
        _warm_matplotlib(run_root / "mpl")
        fenced = [REPO, folder, out, run_root]
        done = threading.Lock()

        def one(index_and_submission):
            index, (student, path) = index_and_submission
            row = grade_one(student, path, folder, known, run_root / f"s{index:03d}", course_copy, fenced,
                            timeout, notebook_timeout, memory)
            with done:
                progress(f"  {row.student}/{Path(row.file).name}: {row_line(row)} ({row.seconds:.0f} s)")
            return row

        with ThreadPoolExecutor(jobs or min(2, os.cpu_count() or 1)) as pool:
            rows = list(pool.map(one, enumerate(work)))
    finally:
        shutil.rmtree(run_root, ignore_errors=True)
    (out / "grades.csv").write_text(to_csv(rows, known))
    (out / "summary.md").write_text(summary_markdown(rows, known))
    return rows


def grade_one(student, path, folder, known, root, course_copy, fenced, timeout, notebook_timeout, memory):
    """One notebook, in root (a new folder), by a worker process with limits. Returns its Row."""
    start = time.perf_counter()
    row = Row(student, Path(path).relative_to(folder).as_posix())
    notebook, row.lesson, note = identify(path, known)
    if note:
        row.notes.append(note)
    if row.lesson is None:
        return row
    if notebook is None:
        row.verdicts = [Verdict(e, "error", "the notebook could not be read") for e in row.lesson.exercises]
        return row
    work, home = root / "work", root / "home"
    for folder_ in (work, home / "tmp", home / ".ipython" / "profile_default" / "startup"):
        folder_.mkdir(parents=True)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None  # a verdict comes from this run only
    nbformat.write(notebook, work / row.lesson.notebook)
    shutil.copytree(root.parent / "mpl", home / "mpl")
    guard = Path(__file__).with_name("grade_guard.py").read_text()
    settings = {"own": [str(root)], "fenced": [str(p) for p in fenced],
                "open_inside": [sys.prefix, str(course_copy)]}
    (home / ".ipython" / "profile_default" / "startup" / "00-grading-fence.py").write_text(
        f"def _fence():\n    import ctypes  # noqa: F401  (torch needs it; loaded before the fence)\n"
        f"    namespace = {{}}\n    exec({guard!r}, namespace)\n    namespace['install'](**{settings!r})\n\n\n"
        f"_fence()\ndel _fence\n")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "PYTHON", "IPYTHON", "MPL", "COVERAGE", "PYTEST", "VIRTUAL_ENV",
                                  "TORCHINDUCTOR", "TRITON", "XDG"))}  # caches a grader's own torch may have named
    env.update(HOME=str(home), TMPDIR=str(home / "tmp"), IPYTHONDIR=str(home / ".ipython"),
               MPLCONFIGDIR=str(home / "mpl"), MPLBACKEND="Agg", PYTHONPATH=str(course_copy),
               PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1", JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_CONFIG_DIR=str(home / "jupyter"), JUPYTER_DATA_DIR=str(home / "jupyter-data"),
               JUPYTER_PLATFORM_DIRS="1", XDG_CACHE_HOME=str(home / "cache"),
               TORCHINDUCTOR_CACHE_DIR=str(home / "cache" / "torchinductor"))
    log = root.parent / f"{root.name}.log"  # outside the notebook's own folder: the fence keeps the kernel off it
    job = {"notebook": str(work / row.lesson.notebook), "timeout": timeout, "env": env,
           "limits": {"seconds": notebook_timeout, "memory": memory}}
    with open(log, "wb") as stderr:
        worker = subprocess.Popen(
            [sys.executable, "-m", "course.grade", "--worker"], cwd=work, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=stderr, start_new_session=True,
            env=dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1"))
        reports = []
        reader = threading.Thread(target=lambda: reports.extend(_read_reports(worker.stdout)), daemon=True)
        reader.start()
        worker.stdin.write(json.dumps(job).encode())
        worker.stdin.close()
        try:
            worker.wait(timeout=notebook_timeout)
        except subprocess.TimeoutExpired:
            row.notes.append(f"stopped: the notebook ran past its {notebook_timeout:g} s limit")
        _kill_group(worker)
        reader.join(timeout=10)
        worker.stdout.close()
    if not any("finished" in report for report in reports):
        for report in reports:
            if "kernel" in report:
                _kill_kernel(report["kernel"])
    row.tried = sorted({line for line in log.read_text(errors="replace").splitlines()
                        if line.startswith("grading: ")})
    row.verdicts = verdicts_of(row, notebook, reports, worker.returncode)
    row.seconds = time.perf_counter() - start
    return row


def verdicts_of(row, notebook, reports, returncode):
    """One Verdict per exercise of the lesson, from the worker's reports, in the lesson's order."""
    said = {report["exercise"]: report for report in reports if "exercise" in report}
    stopped = next((report for report in reports if "stopped" in report), None)
    if stopped:
        row.notes.append(stopped["stopped"])
    elif not any("finished" in report for report in reports) and not any("stopped: " in n for n in row.notes):
        row.notes.append(f"the grading worker ended early (exit status {returncode})")
    row.notes += [f"cell {report['cell']}: {report['text']}" for report in reports if "cell" in report]
    cells = []  # (index, source, the cell's own verdict): check.in_order then judges each exercise in order
    for index, cell in enumerate(notebook.cells):
        exercise = build.exercise_of(cell.source) if cell.cell_type == "code" else None
        if exercise in row.lesson.exercises:
            report = said.get(exercise)
            verdict = Verdict(exercise, "error", "not run: the notebook stopped before this cell") if report is None \
                else _checked_honestly(Verdict(exercise, report["status"], report["text"]), cell.source,
                                       row.lesson.check_lines[exercise])
            cells.append((index, cell.source, verdict))
        elif cell.cell_type == "code":
            cells.append((index, cell.source, None))
    judged = {verdict.exercise: verdict for verdict in check.in_order(cells)}
    return [judged.get(exercise) or Verdict(exercise, "error", "its cell is missing from the notebook")
            for exercise in row.lesson.exercises]


def _checked_honestly(verdict, source, check_line):
    """A correct verdict stands only if the cell still ends with its own check line and prints no "Correct:" itself."""
    if verdict.status != "correct":
        return verdict
    if last_line(source) != check_line:
        return Verdict(verdict.exercise, "error", f"the check line was changed: the cell must end with {check_line}")
    if check.says_correct(source):
        return Verdict(verdict.exercise, "error", "the cell prints its own \"Correct:\" line")
    return verdict


def _read_reports(stream):
    reports = []
    for line in stream:
        try:
            reports.append(json.loads(line))
        except ValueError:
            pass  # the worker prints only JSON lines; anything else is not a report
    return reports


def _limits(seconds, memory):
    """Set by the worker on itself before it starts the kernel, which inherits them: resource limits."""
    cpu = int(seconds * 2) + 30
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the worker, its kernel, anything they started
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _kill_kernel(pid):
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _warm_matplotlib(folder):
    """Matplotlib's font cache made once (about a second), copied into each notebook's home."""
    folder.mkdir(parents=True)
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=dict(os.environ, MPLCONFIGDIR=str(
        folder)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


# The worker: runs one notebook in a kernel, prints one JSON line per exercise as soon as its cell has run.

def worker():
    job = json.loads(sys.stdin.read())
    _limits(**job["limits"])
    notebook = nbformat.read(job["notebook"], as_version=4)
    emit = _emitter()
    asyncio.run(_run(notebook, Path(job["notebook"]).parent, job["timeout"], job["env"], emit))
    emit({"finished": True})
    return 0


def _emitter():
    out = os.fdopen(os.dup(1), "w")

    def emit(report):
        out.write(json.dumps(report) + "\n")
        out.flush()

    return emit


async def _run(notebook, folder, timeout, env, emit):
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    running = {}

    def executed(cell, cell_index, execute_reply):
        exercise = build.exercise_of(cell.source)
        content = (execute_reply or {}).get("content", {})
        if content.get("ename") == TIMED_OUT:
            found = [check.Verdict(exercise or f"cell {cell_index}", "error",
                                   f"this cell ran past the {timeout:g} s limit and was interrupted")]
        else:
            single = nbformat.v4.new_notebook()
            single.cells = [cell]
            found = check.verdicts(single)
        for verdict in found:
            if exercise:
                emit({"exercise": exercise, "status": verdict.status, "text": verdict.text})
            elif verdict.status == "error":
                emit({"cell": cell_index, "text": verdict.text})

    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMED_OUT, "evalue": f"ran past {timeout} s", "traceback": []},
        shutdown_kernel="immediate", resources={"metadata": {"path": str(folder)}},
        on_cell_start=lambda cell, cell_index: running.update(index=cell_index),
        on_cell_executed=executed)
    # the kernel starts in a session of its own: the grader stops it by its id if this worker is stopped first
    client.on_notebook_start = lambda notebook: emit({"kernel": client.km.provisioner.process.pid})
    try:
        # the kernel's own output goes to the log, never to the pipe that carries the verdicts
        await client.async_execute(env=env, stdout=subprocess.DEVNULL, stderr=None)
    except DeadKernelError:
        cell = notebook.cells[running.get("index", 0)]
        where = f"exercise {build.exercise_of(cell.source)}" if build.exercise_of(cell.source) else \
            f"cell {running.get('index', 0)}"
        emit({"stopped": f"the kernel died in {where} (exit(), os._exit(), a crash or the memory limit)"})
        if build.exercise_of(cell.source):
            emit({"exercise": build.exercise_of(cell.source), "status": "error",
                  "text": "the kernel died while this cell ran"})
    except Exception as error:
        emit({"stopped": f"the notebook could not be run ({type(error).__name__}: {str(error).strip()[:120]})"})


# What the grader writes.

def row_line(row):
    done, total = row.score()
    lesson = row.lesson.notebook if row.lesson else "?"
    cells = ", ".join(f"{v.exercise} {v.cell()}" for v in row.verdicts)
    notes = "; ".join(row.notes)
    return f"{lesson}: {done}/{total}" + (f" [{cells}]" if cells else "") + (f" ({notes})" if notes else "")


def columns(known):
    return [exercise for lesson in known for exercise in lesson.exercises]


def to_csv(rows, known):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["student", "notebook", "lesson", "correct", "of"] + columns(known) + ["notes"])
    for row in rows:
        done, total = row.score()
        cells = {v.exercise: v.cell() for v in row.verdicts}
        notes = row.notes + [f"fence: {line.removeprefix('grading: ')}" for line in row.tried]
        writer.writerow([row.student, row.file, row.lesson.notebook if row.lesson else "", done, total]
                        + [cells.get(exercise, "") for exercise in columns(known)] + ["; ".join(notes)])
    return text.getvalue()


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
                seen.setdefault(mistake_name(verdict.text), {}).setdefault(verdict.exercise, []).append(row.student)
    return sorted(seen.items(), key=lambda item: (-sum(map(len, item[1].values())), item[0]))[:top]


def class_summary(rows, known):
    students = sorted({row.student for row in rows})
    lines = [f"{len(rows)} notebooks from {len(students)} students.", "",
             "| exercise | " + " | ".join(STATUSES) + " |", "|---|" + "---:|" * len(STATUSES)]
    for exercise, counts in class_counts(rows, known).items():
        if sum(counts.values()):
            lines.append(f"| {exercise} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    for status, heading in (("wrong", "Most common mistakes"), ("error", "Errors")):
        found = common_mistakes(rows, status)
        if found:
            lines += ["", f"{heading}:", ""]
        for k, (name, where) in enumerate(found, 1):
            count = sum(map(len, where.values()))
            who = "; ".join(f"{exercise}: {', '.join(students)}" for exercise, students in where.items())
            lines.append(f"{k}. {name}: {count} ({who})")
    return "\n".join(lines)


def summary_markdown(rows, known):
    lines = ["# Grades", "", class_summary(rows, known), "", "## Each student", ""]
    for student in sorted({row.student for row in rows}):
        lines.append(f"### {student}")
        for row in (r for r in rows if r.student == student):
            done, total = row.score()
            lesson = f" (as {row.lesson.notebook})" if row.lesson and row.lesson.notebook != Path(row.file).name \
                else ""
            lines += ["", f"`{row.file}`{lesson}: {done} of {total} correct."]
            lines += [f"- {note}" for note in row.notes]
            lines += [f"- Exercise {v.exercise}: **{v.status}**: {v.text}" for v in row.verdicts]
            lines += [f"- the fence refused: {line.removeprefix('grading: ')}" for line in row.tried]
        lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, nargs="?", help="the folder of the class's notebooks")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "grades", help="where to write (build/grades)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds a cell may run ({TIMEOUT})")
    parser.add_argument("--notebook-timeout", type=float, default=NOTEBOOK_TIMEOUT,
                        help=f"seconds a notebook may run ({NOTEBOOK_TIMEOUT})")
    parser.add_argument("--memory", type=float, default=MEMORY / 2**30, help="GiB a notebook's kernel may map (4)")
    parser.add_argument("--jobs", type=int, help="notebooks graded at once (default: 2, or 1 on one core)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        return worker()
    if arguments.submissions is None or not arguments.submissions.is_dir():
        parser.error("give the folder of the class's notebooks: make grade SUBMISSIONS=folder")
    start = time.perf_counter()
    rows = grade(arguments.submissions, arguments.out, arguments.timeout, arguments.notebook_timeout,
                 arguments.jobs, int(arguments.memory * 2**30))
    print()
    print(class_summary(rows, lessons()))
    print(f"\nGraded {len(rows)} notebooks in {time.perf_counter() - start:.0f} s: "
          f"{_shown(arguments.out / 'grades.csv')}, {_shown(arguments.out / 'summary.md')}")
    return 0


def _shown(path):
    try:
        return Path(path).resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
