"""Runs answers written as notebook cells through an exercise notebook as a student runs it, fast.

An answer is the whole exercise cell as a student leaves it (see staff/exercise_corpus/blind/). For each notebook one
process runs the solution notebook's cells top to bottom in an IPython shell, in the notebook's folder, as the kernel
of `python -m course.exercises.check` would; at an exercise cell it forks once per answer, runs the answer's cell in
the child, and reads the child's verdict with `course.exercises.check.verdicts`, the function that turns a run
notebook into what the student is told. So an answer is judged after the earlier exercises were done right, by the
same words and the same statuses as on a student's laptop, and a notebook's set-up runs once for all its answers.

`python -m staff.exercise_corpus.cells FOLDER` (from the repository's root) runs every answer in
FOLDER/<exercise>/*.py and prints one line per answer: its kind, the verdict's status and text.
"""

import argparse
import contextlib
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "notebooks" / "exercises" / "solutions"
HEADER = re.compile(r"^#\| (\w+): (.*)$")
TIMEOUT = 30  # seconds an answer may run


@dataclass
class Answer:
    path: Path
    exercise: str
    kind: str  # "right" or "wrong"
    what: str  # how it is written, or the mistake
    expect: str  # for a wrong answer: words the verdict must contain (empty until judged)
    source: str  # the cell, without the header lines

    @classmethod
    def read(cls, path):
        fields, body = {}, []
        for line in Path(path).read_text().splitlines():
            match = HEADER.match(line)
            if match and not body:
                fields[match.group(1)] = match.group(2).strip()
            else:
                body.append(line)
        return cls(
            Path(path),
            Path(path).parent.name,
            fields.get("kind", ""),
            fields.get("what", ""),
            fields.get("expect", ""),
            "\n".join(body).strip("\n"),
        )


def answers_in(folder):
    """The answers in an exercise's folder (FOLDER/*.py), a round's (FOLDER/<exercise>/*.py), or every round's."""
    return [Answer.read(path) for path in sorted(Path(folder).rglob("*.py"))]


def notebook_of(exercise):
    """The solution notebook that holds an exercise."""
    from course.exercises.build import exercise_of

    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        if any(
            exercise_of(cell.source) == exercise
            for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "code"
        ):
            return path
    raise LookupError(f"no exercise {exercise} in {SOLUTIONS}")


def run(answers, jobs=2):
    """{answer path: (status, text)} for every answer, one process per notebook, `jobs` notebooks at a time."""
    by_notebook = {}
    for answer in answers:
        by_notebook.setdefault(notebook_of(answer.exercise), []).append(answer)
    results, running = {}, []
    queue = list(by_notebook.items())
    while queue or running:
        while queue and len(running) < jobs:
            notebook, group = queue.pop(0)
            job = {str(a.path): {"exercise": a.exercise, "source": a.source} for a in group}
            process = subprocess.Popen(
                [sys.executable, "-m", "staff.exercise_corpus.cells", "--worker", str(notebook)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            process.stdin.write(json.dumps(job))
            process.stdin.close()
            running.append((process, group))
        process, group = running.pop(0)
        with process.stdout:
            out = process.stdout.read()
        process.wait()
        said = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        for answer in group:
            results[str(answer.path)] = tuple(
                said.get(str(answer.path), ("error", "the runner gave no verdict"))
            )
    return results


def _worker(notebook_path, job):
    """In the notebook's process: runs the solution's cells, forking at each exercise cell for its answers."""
    from IPython.core.interactiveshell import InteractiveShell

    from course.exercises.build import exercise_of
    from course.exercises.check import verdicts

    # the exercise notebook's folder, as the checker runs it
    os.chdir(Path(notebook_path).parent.parent)
    shell = InteractiveShell.instance()
    by_exercise = {}
    for path, item in job.items():
        by_exercise.setdefault(item["exercise"], []).append((path, item["source"]))
    results = {}
    for cell in nbformat.read(notebook_path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        exercise = exercise_of(cell.source)
        for path, source in by_exercise.get(exercise, []):
            results[path] = _in_child(shell, source, verdicts)
        with contextlib.redirect_stdout(io.StringIO()):
            shell.run_cell(cell.source)
    return results


def _in_child(shell, source, verdicts):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: runs the answer, writes its verdict, never returns
        os.close(read)
        try:
            said = io.StringIO()
            with contextlib.redirect_stdout(said), contextlib.redirect_stderr(io.StringIO()):
                result = shell.run_cell(source)
            outputs = [nbformat.v4.new_output("stream", name="stdout", text=said.getvalue())]
            error = result.error_in_exec or result.error_before_exec
            if error is not None:
                outputs.append(
                    nbformat.v4.new_output(
                        "error", ename=type(error).__name__, evalue=str(error), traceback=[]
                    )
                )
            notebook = nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell(source, outputs=outputs)]
            )
            verdict = verdicts(notebook)[0]
            os.write(write, json.dumps([verdict.status, verdict.text]).encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks, deadline = [], time.monotonic() + TIMEOUT
    while True:
        ready, _, _ = select.select([read], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            chunks = [json.dumps(["error", f"ran longer than {TIMEOUT} s"]).encode()]
            break
        chunk = os.read(read, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    text = b"".join(chunks).decode()
    return json.loads(text) if text else ["error", "the kernel died while this cell ran"]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.exercise_corpus.cells",
        description="Runs every answer in FOLDER/<exercise>/*.py through its notebook.",
    )
    parser.add_argument(
        "folders", nargs="*", metavar="FOLDER", help="a folder of answers, e.g. blind/round3"
    )
    # run() starts one per notebook
    parser.add_argument("--worker", metavar="NOTEBOOK", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        job = json.loads(sys.stdin.read())
        results = _worker(arguments.worker, job)
        sys.stdout.write("\n" + json.dumps(results) + "\n")
        return 0
    answers = [a for folder in arguments.folders for a in answers_in(folder)]
    results = run(answers)
    for answer in answers:
        status, text = results[str(answer.path)]
        print(
            f"{answer.exercise}\t{answer.path.name}\t{answer.kind}\t{status}\t{answer.what}\t{text}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
