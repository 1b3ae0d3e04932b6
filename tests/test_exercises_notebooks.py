"""Lesson 7's notebooks: each student notebook is its solution with the answers cut out; run as a student would,
it stops at its first gap with the instruction; the terminal check says so; every lesson has an exercise."""
from pathlib import Path

import nbformat
import pytest

from course.exercises import build, check, mistakes

SOLUTIONS = build.solution_paths()
STUDENTS = [build.student_path(solution) for solution in SOLUTIONS]
NAMES = [solution.stem for solution in SOLUTIONS]


def code_cells(notebook):
    return [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def first_gap(notebook):
    """The index and source of the first cell with a gap."""
    return next((index, cell.source) for index, cell in code_cells(notebook) if build.BEGIN in cell.source)


def test_every_lesson_has_an_exercise():
    lessons = {path.name for path in (build.EXERCISES.parent).glob("[0-9]*.ipynb")}
    assert lessons and lessons <= {solution.name for solution in SOLUTIONS}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=NAMES)
def test_student_notebook_is_its_solution_without_the_answers(solution):
    assert build.student_path(solution).read_text() == build.render(solution), "run: python -m course.exercises.build"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=NAMES)
def test_every_exercise_has_a_gap_and_ends_with_its_check(solution):
    exercises = [cell.source for _, cell in code_cells(nbformat.read(solution, as_version=4))
                 if build.exercise_of(cell.source)]
    assert exercises
    for source in exercises:
        assert build.BEGIN in source and source.strip().splitlines()[-1].startswith("check_")


def test_builder_replaces_the_marked_lines_and_nothing_else():
    source = ("# Exercise 9z: return one.\ndef f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n"
              "\n\ncheck(f)")
    assert build.strip(source) == ('# Exercise 9z: return one.\ndef f():\n    raise NotImplementedError('
                                   '"Exercise 9z: return one. Replace this line with your answer.")\n\n\ncheck(f)')


def test_solutions_stored_outputs_say_every_exercise_is_correct():
    for solution in SOLUTIONS:  # nbval proves these stored outputs are what the solution prints today
        found = check.verdicts(nbformat.read(solution, as_version=4))
        assert found and all(verdict.status == "correct" for verdict in found), solution.name


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every student notebook, and one with a classic mistake typed into its first gap, run as a student would."""
    mistaken = tmp_path_factory.mktemp("student") / "01_five_steps.ipynb"
    notebook = nbformat.read(build.student_path(SOLUTIONS[0]), as_version=4)
    gap = next(cell for cell in notebook.cells if "raise NotImplementedError(" in cell.source)
    raise_line = next(line for line in gap.source.splitlines() if "raise NotImplementedError(" in line)
    gap.source = gap.source.replace(raise_line, "y = X @ w_true + b_true + noise  # flat: (100,), mistake 2")
    nbformat.write(notebook, mistaken)
    return dict(zip(STUDENTS + [mistaken], check.execute_all(STUDENTS + [mistaken])))


@pytest.mark.parametrize("student", STUDENTS, ids=NAMES)
def test_student_notebook_stops_at_its_first_gap_with_the_instruction(student, executed):
    gap, source = first_gap(nbformat.read(build.SOLUTIONS / student.name, as_version=4))
    errors = [(index, output) for index, cell in code_cells(executed[student])
              for output in cell.outputs if output.output_type == "error"]
    assert [index for index, _ in errors] == [gap]  # every cell before it ran; nothing after it did
    error = errors[0][1]
    assert (error.ename, error.evalue) == ("NotImplementedError", build.gap_message(source))


def test_check_command_names_the_first_gap_and_fails(executed, monkeypatch, capsys):
    monkeypatch.setattr(check, "execute_all", lambda paths: [executed[Path(path)] for path in paths])
    assert check.main([str(STUDENTS[0])]) == 1
    lines = capsys.readouterr().out.splitlines()
    _, source = first_gap(nbformat.read(SOLUTIONS[0], as_version=4))
    assert lines[1] == "  Exercise 1a: not done yet: " + build.gap_message(source).split(": ", 1)[1]
    assert lines[2:] == ["  Exercise 1b: not checked yet: fix the one above first.", "  0 of 2 exercises correct."]


def test_check_command_names_a_mistake_typed_into_the_notebook(executed, monkeypatch, capsys):
    mistaken = next(path for path in executed if path not in STUDENTS)
    monkeypatch.setattr(check, "execute_all", lambda paths: [executed[Path(path)] for path in paths])
    assert check.main([str(mistaken)]) == 1
    wrong = mistakes.BROADCAST.format(target=(100,), output=(100, 1))
    assert capsys.readouterr().out.splitlines()[1] == f"  Exercise 1a: WRONG: {wrong}"


def test_check_command_refuses_a_missing_notebook(capsys):
    with pytest.raises(SystemExit) as exit_:
        check.main(["nope.ipynb"])
    assert exit_.value.code == 2 and "no notebook nope.ipynb" in capsys.readouterr().err
