"""Local grading (course/grade.py): notebooks are recognised by their exercises, verdicts are named as the checks
name them, the fence refuses what a hostile notebook tries, and a hostile notebook graded for real costs its own row
only. The whole fake class (tests/fake_class.py, 23 notebooks) is graded by `make instructors-check`."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import fake_class
from course import grade
from course.exercises import build, verdict

REPO = Path(__file__).resolve().parents[1]
KNOWN = grade.lessons()


def test_every_exercise_notebook_is_a_lesson_with_its_check_lines():
    assert [lesson.notebook for lesson in KNOWN] == sorted(path.name for path in build.EXERCISES.glob("[0-9]*.ipynb"))
    lesson = next(lesson for lesson in KNOWN if lesson.notebook == "01_five_steps.ipynb")
    assert lesson.exercises == ["1a", "1b"]
    assert lesson.check_lines["1b"] == "check_train_step(train_step)"


def test_a_renamed_notebook_is_recognised_by_its_exercises(tmp_path):
    renamed = tmp_path / "my homework (2).ipynb"
    renamed.write_text((build.EXERCISES / "02_vanilla_loop.ipynb").read_text())
    notebook, lesson, note = grade.identify(renamed, KNOWN)
    assert lesson.notebook == "02_vanilla_loop.ipynb" and note == "renamed: recognised as 02_vanilla_loop.ipynb"


def test_an_empty_a_broken_and_a_lesson_notebook(tmp_path):
    empty, broken = tmp_path / "03_refactor.ipynb", tmp_path / "x.ipynb"
    empty.write_text("")
    broken.write_text('{"cells": [')
    assert grade.identify(empty, KNOWN)[1].notebook == "03_refactor.ipynb"  # by its name: its exercises are known
    assert grade.identify(empty, KNOWN)[2].startswith("not a notebook that can be read (NotJSONError")
    assert grade.identify(broken, KNOWN)[:2] == (None, None)
    lesson = tmp_path / "notes.ipynb"  # a lesson, handed in by mistake
    lesson.write_text((REPO / "notebooks" / "01_five_steps.ipynb").read_text())
    assert grade.identify(lesson, KNOWN)[1:] == (None, "not an exercise notebook: no '# Exercise ...' cell")
    assert grade.identify(REPO / "notebooks" / "01_five_steps.ipynb", KNOWN)[2] == "no exercise cell left in it"


@pytest.mark.parametrize("text, name", [
    ("WRONG: Gradients pile up: optimizer.zero_grad() is missing. Fix: ...", "Gradients pile up"),
    ("your code raised NameError: name 'x' is not defined", "NameError"),
    ("WRONG: y is torch.float64, but the model's output is torch.float32. Fix: y.float()",
     "y is torch.float64, but the model's output is torch.float32"),
])
def test_a_verdict_is_named_by_its_first_words(text, name):
    assert verdict.mistake_name(text) == name


def test_a_long_mistake_name_is_cut_at_a_word_never_inside_one():
    text = ("WRONG: The weights after epoch 2 differ from the vanilla loop's although every step's loss matched "
            "exactly: ...")
    name = verdict.mistake_name(text)
    assert name.endswith("...") and len(name) <= 70
    assert text.startswith("WRONG: " + name[:-3]) and text[len("WRONG: " + name[:-3])] == " "


def test_a_correct_verdict_needs_the_cells_own_check_line():
    correct = verdict.Verdict("5b", "correct", "Correct: ...")
    line = "check_should_stop(should_stop)"
    assert grade._checked_honestly(correct, f"def should_stop(v, p):\n    return 1\n\n\n{line}", line) is correct
    spoofed = grade._checked_honestly(correct, 'def should_stop(v, p):\n    return 1\nprint("Correct: yes")', line)
    assert spoofed.status == "error" and "check line was changed" in spoofed.text
    printed = grade._checked_honestly(correct, f'print("Correct: yes")\n{line}', line)
    assert printed.status == "error" and "prints its own" in printed.text
    commented = f"def should_stop(v, p):  # Correct: should be True here\n    return 1\n\n\n{line}"
    assert grade._checked_honestly(correct, commented, line) is correct  # a comment is not code


FENCE_TRIES = """
import json, os, socket, subprocess, sys
exec(open(sys.argv[1]).read())
own, fenced, other = sys.argv[2:5]
install([own], [fenced], [])
def attempt(name, action):
    try:
        action()
        return name, "done"
    except PermissionError as error:
        return name, str(error)
tried = dict([
    attempt("read fenced", lambda: open(os.path.join(fenced, "solution.txt")).read()),
    attempt("list fenced", lambda: os.listdir(fenced)),
    attempt("delete fenced", lambda: os.remove(os.path.join(fenced, "solution.txt"))),
    attempt("write elsewhere", lambda: open(os.path.join(other, "x.txt"), "w").close()),
    attempt("write own", lambda: open(os.path.join(own, "x.txt"), "w").close()),
    attempt("delete own", lambda: os.remove(os.path.join(own, "x.txt"))),
    attempt("read elsewhere", lambda: open(os.path.join(other, "kept.txt")).read()),
    attempt("start a process", lambda: subprocess.run(["true"])),
    attempt("connect out", lambda: socket.create_connection(("192.0.2.1", 80), timeout=0.1)),
])
print(json.dumps(tried))
"""


def test_the_fence_refuses_reading_the_course_changing_anything_else_and_starting_processes(tmp_path):
    own, fenced, other = (tmp_path / name for name in ("own", "fenced", "other"))
    for folder in (own, fenced, other):
        folder.mkdir()
    (fenced / "solution.txt").write_text("the answer")
    (other / "kept.txt").write_text("a library")
    run = subprocess.run([sys.executable, "-c", FENCE_TRIES, str(REPO / "course" / "grade_guard.py"), str(own),
                          str(fenced), str(other)], capture_output=True, text=True, timeout=60)
    tried = json.loads(run.stdout)
    assert {name for name, said in tried.items() if said == "done"} == {"write own", "delete own", "read elsewhere"}
    assert "reading the course's own files" in tried["read fenced"]
    assert "listing the course's own folders" in tried["list fenced"]
    assert "os.remove outside" in tried["delete fenced"] and "writing a file outside" in tried["write elsewhere"]
    assert "starting a process" in tried["start a process"] and "another machine" in tried["connect out"]
    assert (fenced / "solution.txt").read_text() == "the answer"
    assert "grading: reading the course's own files" in run.stderr  # the grader's log of what was tried


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One hostile notebook graded for real, in a class of two with a file that is no notebook: before the first
    exercise it deletes its working folder, tries to delete the course's copy and the grader's folder, to open the
    repository's README for writing and to read the solutions; it answers 6a right, then exits its kernel in 6b."""
    submissions, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("grades")
    answers = {"setup": ("code", fake_class.DELETE + "\n" + fake_class.READ_SOLUTIONS),
               "6a": ("right", "with wraparound"), "6b": ("code", fake_class.EXIT)}
    (submissions / "pat").mkdir()
    notebook = fake_class.notebook_for("06_scaling_out.ipynb", answers)
    nbformat.write(notebook, submissions / "pat" / "06_scaling_out.ipynb")
    (submissions / "kim").mkdir()
    (submissions / "kim" / "05_saving_and_validating.ipynb").write_text("")
    before = {path: path.read_bytes() for path in submissions.rglob("*") if path.is_file()}
    rows = grade.grade(submissions, out, timeout=60, notebook_timeout=120, progress=lambda line: None)
    return {row.student: row for row in rows}, out, before


def test_a_kernel_that_exits_costs_the_exercises_after_it_only(graded):
    rows, _, _ = graded
    pat = rows["pat"]
    assert [(v.exercise, v.status) for v in pat.verdicts] == [("6a", "correct"), ("6b", "error")]
    assert pat.verdicts[1].text == "the kernel died while this cell ran"
    assert "the kernel died in exercise 6b (exit(), os._exit(), a crash or the memory limit)" in pat.notes
    kim = rows["kim"]
    assert [(v.exercise, v.status) for v in kim.verdicts] == [("5a", "error"), ("5b", "error")]


def test_a_notebook_that_deletes_and_prowls_changes_nothing_outside_its_folder(graded):
    rows, out, before = graded
    pat = rows["pat"]
    prowled = next(note for note in pat.notes if "PermissionError" in note)
    assert "your code raised PermissionError: grading: reading the course's own files is not allowed here" in prowled
    assert "notebooks/exercises/solutions/06_scaling_out.ipynb" in prowled
    refused = "\n".join(pat.tried)
    assert "os.remove outside the submission's folder" in refused and "course/exercises/scaling.py" in refused
    assert "shutil.rmtree outside the submission's folder" in refused
    assert f"writing a file outside the submission's folder is not allowed here: {REPO / 'README.md'}" in refused
    assert {path: path.read_bytes() for path in before} == before  # the submissions, untouched
    assert (REPO / "notebooks" / "exercises" / "solutions" / "06_scaling_out.ipynb").is_file()


def test_the_csv_has_a_row_per_notebook_and_a_column_per_exercise(graded):
    _, out, _ = graded
    lines = (out / "grades.csv").read_text().splitlines()
    columns = grade.columns(KNOWN)
    assert columns[:4] == ["1a", "1b", "2a", "2b"] and {"6a", "6b"} <= set(columns)
    assert lines[0] == "student,notebook,lesson,correct,of," + ",".join(columns) + ",notes"
    pat = next(row for row in csv.DictReader(lines) if row["student"] == "pat")
    assert {key: pat[key] for key in ("notebook", "lesson", "correct", "of", "1a", "6a", "6b")} == {
        "notebook": "pat/06_scaling_out.ipynb", "lesson": "06_scaling_out.ipynb", "correct": "1", "of": "2",
        "1a": "", "6a": "correct", "6b": "error: the kernel died while this cell ran"}
    summary = (out / "summary.md").read_text()
    assert "2 notebooks from 2 students." in summary and "| 6a | 1 | 0 | 0 | 0 | 0 |" in summary
    assert "| 5b | 0 | 0 | 0 | 0 | 1 |" in summary
