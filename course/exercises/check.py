"""`python -m course.exercises.check [NOTEBOOK ...]`: checks exercise notebooks from the terminal.

Runs each notebook as the student left it, top to bottom, in a kernel of this Python whose working folder is the
notebook's, stopping at the first error, as "Run All" in JupyterLab does. Then prints, for each exercise, what its
check said, and for the first one that failed, what to fix. Without arguments it checks every notebook in
notebooks/exercises/. Exit status: 0 when every exercise is correct, 1 otherwise.
"""
import argparse
import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from course.exercises.build import EXERCISES, exercise_of


@dataclass
class Verdict:
    exercise: str  # "1b", or "cell 7" for an error outside an exercise
    status: str  # "correct", "wrong", "to do", "error", "not checked"
    text: str


def execute_all(paths, timeout=300):
    """The notebooks after running each top to bottom in its own kernel, a few at a time; each stops at its first
    cell that raises, whose outputs hold the error."""
    return asyncio.run(_execute_all(paths, timeout))


async def _execute_all(paths, timeout):
    at_once = asyncio.Semaphore(min(4, os.cpu_count() or 1))  # each kernel imports torch: time and memory

    async def execute(path):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:  # a verdict comes from this run only, never from outputs saved before
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", shutdown_kernel="immediate",
                                resources={"metadata": {"path": str(Path(path).parent)}})
        async with at_once:
            try:
                await client.async_execute(stderr=subprocess.DEVNULL)  # the kernel's own start-up chatter
            except CellExecutionError:
                pass
        return notebook

    return await asyncio.gather(*(execute(path) for path in paths))


def verdicts(notebook):
    """What each exercise's check said, in order, up to the first error and what was not reached after it."""
    found, failed = [], False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        exercise = exercise_of(cell.source)
        error = next((output for output in cell.outputs if output.output_type == "error"), None)
        if failed:
            if exercise:
                found.append(Verdict(exercise, "not checked", "not checked yet: fix the one above first."))
        elif error:
            found.append(_from_error(exercise or f"cell {index}", error))
            failed = True
        elif exercise:
            said = "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
            line = next((line for line in said.splitlines() if line.startswith("Correct:")), None)
            found.append(Verdict(exercise, "correct", line) if line else
                         Verdict(exercise, "error", "no check ran: the cell must end with its check_...(...) line."))
            failed = line is None
    return found


def _from_error(exercise, error):
    if error.ename == "ExerciseError":
        return Verdict(exercise, "wrong", f"WRONG: {error.evalue}")
    if error.ename == "NotImplementedError" and error.evalue.startswith("Exercise"):
        return Verdict(exercise, "to do", f"not done yet: {error.evalue.split(': ', 1)[-1]}")
    return Verdict(exercise, "error", f"your code raised {error.ename}: {error.evalue}")


def report(path, found):
    lines = [str(path)]
    lines += [f"  Exercise {v.exercise}: {v.text}" if v.exercise[0].isdigit() else f"  {v.exercise}: {v.text}"
              for v in found]
    done = sum(v.status == "correct" for v in found)
    exercises = sum(v.exercise[0].isdigit() for v in found)
    lines.append(f"  {done} of {exercises} exercises correct.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course.exercises.check", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/exercises/")
    paths = parser.parse_args(argv).notebooks or sorted(EXERCISES.glob("*.ipynb"))
    for path in paths:
        if not path.is_file():
            parser.exit(2, f"{parser.prog}: error: no notebook {path}\n")
    all_correct = True
    for path, notebook in zip(paths, execute_all(paths)):
        found = verdicts(notebook)
        print(report(_shown(path), found))
        all_correct &= bool(found) and all(v.status == "correct" for v in found)
    return 0 if all_correct else 1


def _shown(path):
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
