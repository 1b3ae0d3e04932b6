"""Audits every exercise check with tests/exercise_corpus/: each right answer, written differently from the
solution, passes (no false fail); each wrong answer fails with a message naming its mistake and the fix (no false
pass, no mistake named wrongly). The README states the corpus's counts; a test keeps them true."""
import re
from pathlib import Path

import nbformat
import pytest

from course.exercises import build
from course.exercises.verdict import ExerciseError
from exercise_corpus import answers, lesson1, lesson2, lesson3, lesson4, lesson5, lesson5b, lesson6, lesson7, lesson8

EXERCISES = [exercise for lesson in (lesson1, lesson2, lesson3, lesson4, lesson5, lesson5b, lesson6, lesson7, lesson8)
             for exercise in lesson.EXERCISES]
RIGHT, WRONG = answers(EXERCISES, "right"), answers(EXERCISES, "wrong")
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("exercise, label, answer", RIGHT, ids=[f"{e.name}: {label}" for e, label, _ in RIGHT])
def test_right_answer_passes(exercise, label, answer, capsys):
    try:
        exercise.run(answer)
    except ExerciseError as error:
        pytest.fail(f"false fail: exercise {exercise.name}, right answer {label!r} was told: {error}")
    said = capsys.readouterr().out.splitlines()
    assert said and "Correct: " in said[-1], said  # after what the answer itself printed


@pytest.mark.parametrize("exercise, label, wrong", WRONG, ids=[f"{e.name}: {label}" for e, label, _ in WRONG])
def test_wrong_answer_is_named_with_its_fix(exercise, label, wrong, capsys):
    try:
        exercise.run(wrong.answer)
    except ExerciseError as error:
        message = str(error)
    else:
        pytest.fail(f"false pass: exercise {exercise.name}, wrong answer {label!r}: {capsys.readouterr().out}")
    assert wrong.mistake in message, f"the mistake is not named: {message}"
    assert "Fix:" in message and wrong.fix in message.split("Fix:", 1)[1], f"the fix is not given: {message}"


def test_every_exercise_has_a_corpus_of_3_right_and_8_wrong_answers():
    in_notebooks = {build.exercise_of(cell.source) for path in build.solution_paths()
                    for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"} - {None}
    assert {exercise.name for exercise in EXERCISES} == in_notebooks
    for exercise in EXERCISES:
        assert len(exercise.right) >= 3 and len(exercise.wrong) >= 8, exercise.name


def counts_line():
    return (f"{len(RIGHT)} right answers written differently from the solutions and {len(WRONG)} wrong answers "
            f"over {len(EXERCISES)} exercises: false passes 0, false fails 0")


def test_readme_states_the_corpus_counts():
    section = README.read_text().split("## Exercises: check your answers on your own laptop")[1].split("\n## ")[0]
    assert counts_line() in re.sub(r"\s+", " ", section), f"README's exercise section must say: {counts_line()}"
