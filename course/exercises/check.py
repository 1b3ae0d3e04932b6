"""`python -m course.exercises.check [NOTEBOOK or FOLDER ...] [--timeout SECONDS]`: checks exercise notebooks from
the terminal.

Runs each notebook as the student left it, top to bottom, in a kernel of this Python whose working folder is the
notebook's, stopping at the first error, as "Run All" in JupyterLab does. Then prints, for each notebook, one line
per exercise: what its check said, or why it was not checked. A notebook that cannot be read, whose kernel dies
(exit(), os._exit()) or whose cell runs longer than the timeout is reported as such; the others are reported as
usual. Without arguments it checks every notebook in notebooks/exercises/ (of the folder it runs in, else of the
course it belongs to). Exit status: 0 when every exercise is correct, 1 otherwise, 2 when there is no notebook.
"""
import argparse
import asyncio
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from course.exercises.build import EXERCISES, SOLUTIONS, exercise_of

TIMEOUT = 120  # seconds a cell may run; every exercise cell takes seconds
CORRECT = re.compile(r"Correct: .*")
EXIT_CALL = re.compile(r"(?<![\w.])(exit|quit)\s*\(")  # in Jupyter, exit() and quit() shut the kernel down


@dataclass
class Verdict:
    exercise: str  # "1b", or "cell 7" for an error outside an exercise
    status: str  # "correct", "wrong", "to do", "error", "not checked"
    text: str


@dataclass
class Run:
    """One notebook after running it: the notebook (None if it could not be read), and what stopped the run
    early, if anything did, as (cell index or None, what to say)."""
    notebook: nbformat.NotebookNode = None
    stopped: tuple = None


def execute_all(paths, timeout=TIMEOUT):
    """A Run for each notebook, running each top to bottom in its own kernel, a few at a time; each stops at its
    first cell that raises, whose outputs hold the error. A broken notebook never stops the others."""
    return asyncio.run(_execute_all(paths, timeout))


async def _execute_all(paths, timeout):
    at_once = asyncio.Semaphore(min(4, os.cpu_count() or 1))  # each kernel imports torch: time and memory

    async def execute(path):
        try:
            notebook = nbformat.read(path, as_version=4)
            nbformat.validate(notebook)
        except Exception as error:  # not JSON, empty, not a notebook
            first_line = (str(error).strip().splitlines() or [""])[0][:120]
            return Run(None, (None, f"not a notebook that can be read ({type(error).__name__}: {first_line}). "
                                    "Save it again from JupyterLab, or start over from a fresh copy."))
        for cell in notebook.cells:  # a verdict comes from this run only, never from outputs saved before
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        running = {}
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", shutdown_kernel="immediate",
                                resources={"metadata": {"path": str(Path(path).parent)}},
                                on_cell_start=lambda cell, cell_index: running.update(index=cell_index))
        async with at_once:
            try:
                await client.async_execute(stderr=subprocess.DEVNULL)  # the kernel's own start-up chatter
            except CellExecutionError:
                pass
            except CellTimeoutError:
                return Run(notebook, (running.get("index"), f"this cell ran longer than {timeout:g} s and was "
                                      "stopped: an endless loop, or a call that waits (input(), time.sleep)? Remove "
                                      "it and run the notebook again."))
            except DeadKernelError:
                return Run(notebook, (running.get("index"), "the kernel died while this cell ran (os._exit(), "
                                      "exit(), or a crash such as running out of memory). Remove what stops the "
                                      "kernel and run the notebook again."))
            except Exception as error:
                return Run(notebook, (running.get("index"), f"the notebook could not be run from here "
                                      f"({type(error).__name__}: {str(error).strip()[:120]})."))
        return Run(notebook)

    return await asyncio.gather(*(execute(path) for path in paths))


def verdicts(notebook, stopped=None):
    """What each exercise's check said, in order, up to the first error (or the cell where the run stopped), and
    what was not reached after it."""
    found, failed = [], False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        exercise = exercise_of(cell.source)
        error = next((output for output in cell.outputs if output.output_type == "error"), None)
        if failed:
            if exercise:
                found.append(Verdict(exercise, "not checked", "not checked yet: fix the one above first."))
        elif stopped and stopped[0] == index:
            found.append(Verdict(exercise or f"cell {index}", "error", stopped[1]))
            failed = True
        elif EXIT_CALL.search(cell.source):
            found.append(Verdict(exercise or f"cell {index}", "error", "this cell calls exit(): in JupyterLab that "
                                 "shuts the kernel down, so nothing after it runs. Remove it."))
            failed = True
        elif error:
            found.append(_from_error(exercise or f"cell {index}", error))
            failed = True
        elif exercise:
            said = "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
            line = next((match.group(0) for match in map(CORRECT.search, said.splitlines()) if match), None)
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


def unread(path, why):
    """The verdicts of a notebook that could not be read: its exercises (from its solution, if there is one)."""
    solution = SOLUTIONS / Path(path).name
    exercises = []
    if solution.is_file():
        exercises = [exercise_of(cell.source) for cell in nbformat.read(solution, as_version=4).cells
                     if cell.cell_type == "code" and exercise_of(cell.source)]
    return [Verdict("notebook", "error", why)] + [Verdict(exercise, "not checked", "not checked: the notebook "
                                                          "could not be read.") for exercise in exercises]


def report(path, found):
    lines = [str(path)]
    lines += [f"  Exercise {v.exercise}: {v.text}" if v.exercise[0].isdigit() else f"  {v.exercise}: {v.text}"
              for v in found]
    done = sum(v.status == "correct" for v in found)
    exercises = sum(v.exercise[0].isdigit() for v in found)
    if exercises:
        lines.append(f"  {done} of {exercises} exercises correct.")
    elif not any(v.exercise == "notebook" for v in found):
        lines.append("  no exercise found in this notebook.")
    return "\n".join(lines)


def default_notebooks():
    """(notebooks, the folders looked in): notebooks/exercises/ of the folder the command runs in, else of the
    course this package belongs to."""
    folders = list(dict.fromkeys([Path.cwd() / "notebooks" / "exercises", EXERCISES]))
    for folder in folders:
        found = sorted(folder.glob("*.ipynb"))
        if found:
            return found, folders
    return [], folders


def seconds(text):
    """--timeout (TIMEOUT= with make): a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0 (TIMEOUT= with make), got {text!r}")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course.exercises.check", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks, or folders of notebooks (default: every notebook in notebooks/exercises/)")
    parser.add_argument("--timeout", type=seconds, default=float(os.environ.get("EXERCISE_CELL_TIMEOUT", TIMEOUT)),
                        help=f"seconds a cell may run before it is stopped (default {TIMEOUT})")
    arguments = parser.parse_args(argv)
    if arguments.notebooks:
        paths, looked = [], []
        for given in arguments.notebooks:
            inside = sorted(given.glob("*.ipynb")) if given.is_dir() else [given]
            paths += inside
            looked += [given] if given.is_dir() and not inside else []
    else:
        paths, looked = default_notebooks()
    if not paths:
        print(f"No exercise notebook found: looked in {', '.join(str(folder) for folder in looked)}. Run this in "
              "the course's folder (the one with notebooks/exercises/), or name the notebooks: "
              "python -m course.exercises.check path/to/01_five_steps.ipynb", file=sys.stderr)
        return 2
    missing = {path for path in paths if not path.is_file()}
    if missing == set(paths):  # every name mistyped: say so and what there is, rather than "0 of 0 correct"
        there, _ = default_notebooks()
        print(f"No such notebook: {', '.join(str(path) for path in paths)}. The exercise notebooks are "
              + (f"{', '.join(str(_shown(path)) for path in there)}" if there else "in notebooks/exercises/"),
              file=sys.stderr)
        return 2
    runs = dict(zip([p for p in paths if p not in missing], execute_all([p for p in paths if p not in missing],
                                                                        arguments.timeout)))
    correct = total = 0
    all_correct = True
    for path in paths:
        if path in missing:
            found = [Verdict("notebook", "error", "no such file.")]
        elif runs[path].notebook is None:
            found = unread(path, runs[path].stopped[1])
        else:
            found = verdicts(runs[path].notebook, runs[path].stopped)
        print(report(_shown(path), found), flush=True)
        correct += sum(v.status == "correct" for v in found)
        total += sum(v.exercise[0].isdigit() for v in found)
        all_correct &= bool(found) and all(v.status == "correct" for v in found)
    notebooks = f"{len(paths)} notebook{'s' if len(paths) > 1 else ''}"
    if all_correct:
        print(f"All {total} exercises correct, in {notebooks}.")
        return 0
    print(f"{correct} of {total} exercises correct, in {notebooks}: fix the first one marked in each notebook above, "
          "then check again.")
    return 1


def _shown(path):
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
