"""`python -m course.exercises.check [NOTEBOOK or FOLDER ...] [--timeout SECONDS]`: checks exercise notebooks from
the terminal.

Runs each notebook as the student left it, top to bottom, in a kernel of this Python whose working folder is the
notebook's, every cell even after one that raised, so that each exercise is judged on its own. Then prints, for each
notebook, one line per exercise: what its check said, not done yet, or why it was not checked (it uses what an
exercise above that is not correct yet defined). A cell that runs longer than the timeout is stopped and reported; a
notebook that cannot be read or whose kernel dies (exit(), os._exit()) is reported as such; the others as usual. Without arguments it checks every notebook in notebooks/exercises/ (of the folder it runs in, else of the
course it belongs to). Exit status: 0 when every exercise is correct, 1 otherwise, 2 when there is no notebook.
"""

import argparse
import ast
import asyncio
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from course.exercises.build import EXERCISES, SOLUTIONS, exercise_of
from course.exercises.verdict import Verdict

TIMEOUT = 120  # seconds a cell may run; every exercise cell takes seconds
CORRECT = re.compile(r"Correct: .*")
TIMED_OUT = "CellTimeout"  # the error a cell stopped at the timeout holds


@dataclass
class Run:
    """One notebook after running it: the notebook (None if it could not be read), and what stopped the run
    early, if anything did, as (cell index or None, what to say)."""

    notebook: nbformat.NotebookNode = None
    stopped: tuple = None


def execute_all(paths, timeout=TIMEOUT):
    """A Run for each notebook, running each top to bottom in its own kernel, a few at a time, every cell: a cell
    that raises or runs past the timeout holds its error in its outputs. A broken notebook never stops the others.

    Each notebook runs in a process of its own (`--run-one`), in a PID namespace of its own where bubblewrap is
    installed, so a notebook that kills its parent, its process group or every process it can see stops its own
    run only, and this one still reports every notebook."""
    return asyncio.run(_execute_all(paths, timeout))


async def _execute_all(paths, timeout):
    # each kernel imports torch: time and memory
    at_once = asyncio.Semaphore(min(4, os.cpu_count() or 1))
    apart = _apart()

    async def execute(path):
        async with at_once:
            child = await asyncio.create_subprocess_exec(
                *apart,
                sys.executable,
                "-m",
                "course.exercises.check",
                "--run-one",
                str(path),
                "--timeout",
                str(timeout),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            said, _ = await child.communicate()
        try:
            ran = json.loads(said)
            return Run(
                ran["notebook"] and nbformat.reads(ran["notebook"], as_version=4),
                ran["stopped"] and tuple(ran["stopped"]),
            )
        except (ValueError, KeyError, TypeError):
            return Run(
                None,
                (
                    None,
                    f"its run was stopped from outside (exit status {child.returncode}): does it "
                    "stop processes (os.kill, pkill, killpg)? Remove that and check it again.",
                ),
            )

    return await asyncio.gather(*(execute(path) for path in paths))


def _apart():
    """bubblewrap's prefix that gives a run its own PID namespace (and nothing else), where it works."""
    program = shutil.which("bwrap") if sys.platform == "linux" else None
    line = (
        [
            program,
            "--unshare-user",
            "--unshare-pid",
            "--die-with-parent",
            "--dev-bind",
            "/",
            "/",
            "--proc",
            "/proc",
        ]
        if program
        else []
    )
    if line and subprocess.run([*line, "true"], capture_output=True, check=False).returncode != 0:
        return []
    return line


def run_one(path, timeout=TIMEOUT):
    """Runs one notebook here and prints its Run as JSON: what --run-one does in the process of its own."""
    run = asyncio.run(_run_one(path, timeout))
    print(
        json.dumps(
            {"notebook": run.notebook and nbformat.writes(run.notebook), "stopped": run.stopped}
        )
    )


async def _run_one(path, timeout):
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # not JSON, empty, not a notebook
        first_line = (str(error).strip().splitlines() or [""])[0][:120]
        return Run(
            None,
            (
                None,
                f"not a notebook that can be read ({type(error).__name__}: {first_line}). "
                "Save it again from JupyterLab, or start over from a fresh copy.",
            ),
        )
    for (
        cell
    ) in notebook.cells:  # a verdict comes from this run only, never from outputs saved before
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    running = {}
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        shutdown_kernel="immediate",
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMED_OUT, "evalue": f"{timeout:g}", "traceback": []},
        resources={"metadata": {"path": str(Path(path).parent)}},
        on_cell_start=lambda cell, cell_index: running.update(index=cell_index),
    )
    try:
        # its own chatter
        await client.async_execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except DeadKernelError:
        return Run(
            notebook,
            (
                running.get("index"),
                "the kernel died while this cell ran (os._exit(), "
                "exit(), or a crash such as running out of memory). Remove what stops the "
                "kernel and run the notebook again.",
            ),
        )
    except Exception as error:
        return Run(
            notebook,
            (
                running.get("index"),
                f"the notebook could not be run from here "
                f"({type(error).__name__}: {str(error).strip()[:120]}).",
            ),
        )
    # a cell stopped at the timeout holds the KeyboardInterrupt of its interrupt
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error" and output.ename == "KeyboardInterrupt":
                output.ename, output.evalue = TIMED_OUT, f"{timeout:g}"
    return Run(notebook)


def verdicts(notebook, stopped=None):
    """One Verdict per exercise of a run notebook, in order, and one for each other cell that raised while every
    exercise above it was correct. Every cell runs, as in the grader, so an exercise is judged even when one above
    it is wrong, unless it uses what a wrong or unfinished one defined (see in_order)."""
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            cells.append((index, cell.source, own_verdict(index, cell, stopped)))
    return in_order(cells)


def own_verdict(index, cell, stopped=None):
    """What one run cell says on its own: its check's verdict, its error, or None for a cell that ran fine."""
    exercise = exercise_of(cell.source)
    where = exercise or f"cell {index}"
    error = next((output for output in cell.outputs if output.output_type == "error"), None)
    if stopped and stopped[0] is not None and index > stopped[0]:
        return (
            Verdict(exercise, "not checked", "not checked: the run stopped above.")
            if exercise
            else None
        )
    if stopped and stopped[0] == index:
        return Verdict(where, "error", stopped[1])
    if calls_exit(cell.source):
        return Verdict(
            where,
            "error",
            "this cell calls exit(): in JupyterLab that shuts the kernel down, so nothing "
            "after it runs. Remove it.",
        )
    if error:
        return from_error(where, error)
    if exercise:
        said = "".join(
            output.get("text", "") for output in cell.outputs if output.output_type == "stream"
        )
        line = next(
            (match.group(0) for match in map(CORRECT.search, said.splitlines()) if match), None
        )
        return (
            Verdict(exercise, "correct", line)
            if line
            else Verdict(
                exercise, "error", "no check ran: the cell must end with its check_...(...) line."
            )
        )
    return None


def in_order(cells):
    """The verdicts of a notebook's cells, [(index, source, own verdict or None)], read in order: an exercise that
    uses a name defined by an exercise above that is not correct (or by a cell that used one) is "not checked", and
    says which; a cell that is not an exercise is reported only when it raised while everything above was correct."""
    found = []
    owed = {}  # a name -> the exercise (or cell) it comes from that is not correct
    for index, source, verdict in cells:
        exercise = exercise_of(source)
        defined, used = names(source)
        blocked = sorted(name for name in used if name in owed)
        gap = gap_left(source, exercise)
        if gap:  # its own gap is still there: not done yet, whatever ran
            verdict = Verdict(exercise, "not done yet", f"not done yet: {gap}")
            owed.update(dict.fromkeys(answers(source, defined, None), f"exercise {exercise}"))
        elif blocked and (verdict is None or verdict.status != "not checked"):
            origin = owed[blocked[0]]
            owed.update(dict.fromkeys(defined, origin))
            why = (
                "which is not correct yet"
                if origin.startswith("exercise")
                else "which raised an error"
            )
            verdict = (
                Verdict(
                    exercise,
                    "not checked",
                    f"not checked yet: it uses {blocked[0]} from {origin}, {why}.",
                )
                if exercise
                else None
            )
        elif verdict is not None and verdict.status != "correct":
            owed.update(
                dict.fromkeys(
                    answers(source, defined, verdict),
                    f"exercise {exercise}" if exercise else f"cell {index}",
                )
            )
        if verdict is not None and (exercise or all(v.status == "correct" for v in found)):
            found.append(verdict)
    return found


def from_error(exercise, error):
    """The Verdict of a cell that raised: a check's ExerciseError, a gap still there, or the student's own error."""
    if error.ename == "ExerciseError":
        return Verdict(exercise, "wrong", f"WRONG: {error.evalue}")
    if error.ename == TIMED_OUT:
        return Verdict(
            exercise,
            "error",
            f"this cell ran longer than {error.evalue} s and was stopped: an endless "
            "loop, or a call that waits (input(), time.sleep)? Remove it and run the "
            "notebook again.",
        )
    if error.ename == "NotImplementedError" and error.evalue.startswith("Exercise"):
        return Verdict(exercise, "not done yet", f"not done yet: {error.evalue.split(': ', 1)[-1]}")
    return Verdict(exercise, "error", f"your code raised {error.ename}: {error.evalue}")


@functools.lru_cache(maxsize=512)
def cell_tree(source):
    """A cell's code as Python parses it, IPython's own syntax (%magic, !shell) read as IPython reads it; None when
    it does not parse. Each cell's source is parsed once, however many questions are asked of it."""
    try:
        return ast.parse(_as_python(source))
    except (SyntaxError, ValueError):
        return None


@functools.lru_cache(maxsize=512)
def _tokens(source):
    """A cell's code as Python's tokens; None when it cannot be split into them."""
    try:
        return tuple(tokenize.generate_tokens(io.StringIO(_as_python(source)).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None


def _as_python(source):
    return TransformerManager().transform_cell(source)


def gap_left(source, exercise):
    """What the exercise asks, if the cell still raises its gap's NotImplementedError("Exercise 1b: ...") in its
    code (in any of its functions); None when the gap is gone or the cell is not an exercise."""
    tree = cell_tree(source)
    if not exercise or tree is None:
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and node.exc.args
            and getattr(node.exc.func, "id", None) == "NotImplementedError"
            and isinstance(node.exc.args[0], ast.Constant)
            and isinstance(node.exc.args[0].value, str)
            and node.exc.args[0].value.startswith(f"Exercise {exercise}: ")
        ):
            return node.exc.args[0].value.split(": ", 1)[1]
    return None


def names(source):
    """(names a cell defines at its top level, names it reads that it does not define itself), from its code only:
    comments and strings are not code. IPython's own syntax (%magic, !shell) is read as IPython reads it."""
    tree = cell_tree(source)
    if tree is None:
        return set(re.findall(r"^(?:def|class)\s+(\w+)|^(\w+)\s*=", source, re.MULTILINE)) - {
            ""
        }, set()
    defined = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= imported_names(node)
        else:
            defined |= {
                n.id
                for n in ast.walk(node)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            }
    local = {
        n.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))
    }
    local |= {
        a.arg
        for n in ast.walk(tree)
        if isinstance(n, ast.arguments)
        for a in n.posonlyargs + n.args + n.kwonlyargs + [n.vararg, n.kwarg]
        if a
    }
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return defined, used - (local - defined)


def imported_names(tree):
    """The names the imports in a cell's code (or an ast node) bind."""
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }


def answers(source, defined, verdict):
    """What a cell that is not correct leaves undone for the cells after it: the names it defines, its imports
    only when an import is what failed (a module is no answer: a wrong exercise's `import math` still ran)."""
    tree = cell_tree(source)
    failed_import = verdict is not None and re.search(
        r"\b(ModuleNotFound|Import)Error\b", verdict.text or ""
    )
    return defined if tree is None or failed_import else defined - imported_names(tree)


def says_correct(source):
    """Whether the cell's code holds the words "Correct:" in a string (a cell that prints its own verdict); a
    comment that says them does not count."""
    tokens = _tokens(source)
    if tokens is None:
        return "Correct:" in source
    return any(
        token.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1))
        and "Correct:" in token.string
        for token in tokens
    )


def calls_exit(source):
    """Whether the cell's code calls exit() or quit(), which shut a Jupyter kernel down (a comment or a string
    that says so is not a call)."""
    tokens = _tokens(source)
    if tokens is None:
        return False
    code = [
        token
        for token in tokens
        if token.type
        not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    ]
    return any(
        token.type == tokenize.NAME
        and token.string in ("exit", "quit")
        and following.string == "("
        and (previous is None or previous.string != ".")
        for previous, token, following in zip([None] + code, code, code[1:])
    )


def unread(path, why):
    """The verdicts of a notebook that could not be read: its exercises (from its solution, if there is one)."""
    solution = SOLUTIONS / Path(path).name
    exercises = []
    if solution.is_file():
        exercises = [
            exercise_of(cell.source)
            for cell in nbformat.read(solution, as_version=4).cells
            if cell.cell_type == "code" and exercise_of(cell.source)
        ]
    return [Verdict("notebook", "error", why)] + [
        Verdict(exercise, "not checked", "not checked: the notebook could not be read.")
        for exercise in exercises
    ]


def report(path, found):
    lines = [str(path)]
    lines += [
        f"  Exercise {v.exercise}: {v.text}"
        if v.exercise[0].isdigit()
        else f"  {v.exercise}: {v.text}"
        for v in found
    ]
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
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds above 0 (TIMEOUT= with make), got {text!r}"
        )
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m course.exercises.check", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks, or folders of notebooks (default: every notebook in notebooks/exercises/)",
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=float(os.environ.get("EXERCISE_CELL_TIMEOUT", TIMEOUT)),
        help=f"seconds a cell may run before it is stopped (default {TIMEOUT})",
    )
    # the process of one notebook's run
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.run_one:
        run_one(arguments.run_one, arguments.timeout)
        return 0
    if arguments.notebooks:
        paths, looked = [], []
        for given in arguments.notebooks:
            inside = sorted(given.glob("*.ipynb")) if given.is_dir() else [given]
            paths += inside
            looked += [given] if given.is_dir() and not inside else []
    else:
        paths, looked = default_notebooks()
    if not paths:
        print(
            f"No exercise notebook found: looked in {', '.join(str(folder) for folder in looked)}. Run this in "
            "the course's folder (the one with notebooks/exercises/), or name the notebooks: "
            "python -m course.exercises.check path/to/01_five_steps.ipynb",
            file=sys.stderr,
        )
        return 2
    missing = {path for path in paths if not path.is_file()}
    # every name mistyped: say so and what there is, rather than "0 of 0 correct"
    if missing == set(paths):
        there, _ = default_notebooks()
        print(
            f"No such notebook: {', '.join(str(path) for path in paths)}. The exercise notebooks are "
            + (
                f"{', '.join(str(_shown(path)) for path in there)}"
                if there
                else "in notebooks/exercises/"
            ),
            file=sys.stderr,
        )
        return 2
    runs = dict(
        zip(
            [p for p in paths if p not in missing],
            execute_all([p for p in paths if p not in missing], arguments.timeout),
        )
    )
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
    print(
        f"{correct} of {total} exercises correct, in {notebooks}: fix those marked above, then check again."
    )
    return 1


def _shown(path):
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
