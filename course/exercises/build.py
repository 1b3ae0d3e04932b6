"""Builds each student notebook from its worked solution, so the two cannot drift apart.

In a solution notebook, an exercise cell opens with `# Exercise 1b: <what to do>` and marks its answer between a
`# BEGIN SOLUTION` line and an `# END SOLUTION` line. The student notebook is the same notebook with each marked
answer replaced by one line, `raise NotImplementedError("Exercise 1b: <what to do> ...")`, and with the outputs
that running it from the top gives: the solution's up to the first gap, the NotImplementedError there, none after.
A cell tagged `solution-only` (a proof about the worked answer itself) is left out of it.

`python -m course.exercises.build` rewrites notebooks/exercises/*.ipynb from notebooks/exercises/solutions/.
"""

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

EXERCISES = Path(__file__).resolve().parents[2] / "notebooks" / "exercises"
SOLUTIONS = EXERCISES / "solutions"
EXERCISE_LINE = re.compile(r"^# (Exercise (\d+[a-z]?(?:\.\d+)?): .*)$", re.MULTILINE)
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_ONLY = "solution-only"  # the tag of a cell the student notebook leaves out


def solution_paths():
    return sorted(SOLUTIONS.glob("*.ipynb"))


def student_path(solution_path):
    return EXERCISES / Path(solution_path).name


def exercise_of(source):
    """The exercise a cell holds, e.g. "1b", or None."""
    match = EXERCISE_LINE.search(source)
    return match.group(2) if match else None


def gap_message(source):
    """What the student reads at a gap: the cell's exercise line, and what to do with it."""
    match = EXERCISE_LINE.search(source)
    if not match:
        raise ValueError(f"a cell marks a solution but has no '# Exercise ...:' line:\n{source}")
    return f"{match.group(1)} Replace this line with your answer."


def strip(source):
    """The cell's source with each marked answer replaced by the line that raises; unchanged if it has none."""
    lines, inside = [], False
    for line in source.split("\n"):
        if line.strip() == BEGIN:
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(
                f"{indent}raise NotImplementedError({json.dumps(gap_message(source), ensure_ascii=False)})"
            )
            inside = True
        elif line.strip() == END:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ValueError(f"'{BEGIN}' without '{END}' in:\n{source}")
    return "\n".join(lines)


def build(solution):
    """The student notebook (a new NotebookNode) made from a solution notebook."""
    student = copy.deepcopy(solution)
    # a cell tagged solution-only (a proof about the worked answer itself) is not the student's
    student.cells = [c for c in student.cells if SOLUTION_ONLY not in c.metadata.get("tags", [])]
    first_gap = None
    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        if first_gap is None and BEGIN in cell.source:
            first_gap = index
            cell.outputs = [_error(gap_message(cell.source))]
        elif first_gap is not None:
            cell.outputs, cell.execution_count = [], None
        cell.source = strip(cell.source)
    if first_gap is None:
        raise ValueError("a solution notebook without a single '# BEGIN SOLUTION' gap")
    return student


def render(solution_path):
    """The student notebook's file text, as nbformat writes it."""
    text = nbformat.writes(build(nbformat.read(solution_path, as_version=4)))
    return text if text.endswith("\n") else text + "\n"


def _error(message):
    line = f"NotImplementedError: {message}"
    return nbformat.v4.new_output(
        "error", ename="NotImplementedError", evalue=message, traceback=[line]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m course.exercises.build", description=__doc__.split("\n\n")[-1]
    )
    parser.parse_args(argv)
    if not solution_paths():
        print(
            f"No solution notebook found: looked in {SOLUTIONS}. Run this from a clone of the course repository "
            "(pip install -e . there), where notebooks/exercises/solutions/ holds the solutions.",
            file=sys.stderr,
        )
        return 1
    for path in solution_paths():
        built = render(path)
        target = student_path(path)
        if not target.exists() or target.read_text() != built:
            target.write_text(built)
            print(f"wrote {target.relative_to(EXERCISES.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
