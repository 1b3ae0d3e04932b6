"""Local grading (staff/grade.py): notebooks are recognised by their exercises, verdicts are named as the checks
name them, a notebook that changes a check is found, student text is escaped, links and files that are no notebook are
refused unread, and a hostile notebook graded for real costs its own row only (tests/test_grade_sandbox.py grades a
whole hostile class). The whole fake class (staff/fake_class.py, 23 notebooks) is graded by `make instructors-check`."""

import csv
from pathlib import Path

import nbformat
import pytest

from course.exercises import build, verdict
from staff import fake_class, grade, sandbox

REPO = Path(__file__).resolve().parents[1]
KNOWN = grade.lessons()


def test_every_exercise_notebook_is_a_lesson_with_its_check_lines():
    assert [lesson.notebook for lesson in KNOWN] == sorted(
        path.name for path in build.EXERCISES.glob("[0-9]*.ipynb")
    )
    lesson = next(lesson for lesson in KNOWN if lesson.notebook == "01_five_steps.ipynb")
    assert lesson.exercises == ["1a", "1b"]
    assert lesson.check_lines["1b"] == "check_train_step(train_step)"


def test_a_renamed_notebook_is_recognised_by_its_exercises(tmp_path):
    renamed = tmp_path / "my homework (2).ipynb"
    renamed.write_text((build.EXERCISES / "02_vanilla_loop.ipynb").read_text())
    notebook, lesson, note = grade.identify(renamed, KNOWN)
    assert (
        lesson.notebook == "02_vanilla_loop.ipynb"
        and note == "renamed: recognised as 02_vanilla_loop.ipynb"
    )


def test_an_empty_a_broken_and_a_lesson_notebook(tmp_path):
    empty, broken = tmp_path / "03_refactor.ipynb", tmp_path / "x.ipynb"
    empty.write_text("")
    broken.write_text('{"cells": [')
    # by its name: its exercises are known
    assert grade.identify(empty, KNOWN)[1].notebook == "03_refactor.ipynb"
    assert grade.identify(empty, KNOWN)[2].startswith(
        "not a notebook that can be read (NotJSONError"
    )
    assert grade.identify(broken, KNOWN)[:2] == (None, None)
    lesson = tmp_path / "notes.ipynb"  # a lesson, handed in by mistake
    lesson.write_text((REPO / "notebooks" / "01_five_steps.ipynb").read_text())
    assert grade.identify(lesson, KNOWN)[1:] == (
        None,
        "not an exercise notebook: no '# Exercise ...' cell",
    )
    assert (
        grade.identify(REPO / "notebooks" / "01_five_steps.ipynb", KNOWN)[2]
        == "no exercise cell left in it"
    )


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "WRONG: Gradients pile up: optimizer.zero_grad() is missing. Fix: ...",
            "Gradients pile up",
        ),
        ("your code raised NameError: name 'x' is not defined", "NameError"),
        (
            "WRONG: y is torch.float64, but the model's output is torch.float32. Fix: y.float()",
            "y is torch.float64, but the model's output is torch.float32",
        ),
    ],
)
def test_a_verdict_is_named_by_its_first_words(text, name):
    assert verdict.mistake_name(text) == name


def test_a_long_mistake_name_is_cut_at_a_word_never_inside_one():
    text = (
        "WRONG: The weights after epoch 2 differ from the vanilla loop's although every step's loss matched "
        "exactly: ..."
    )
    name = verdict.mistake_name(text)
    assert name.endswith("...") and len(name) <= 70
    assert text.startswith("WRONG: " + name[:-3]) and text[len("WRONG: " + name[:-3])] == " "


def test_a_correct_verdict_needs_the_cells_own_check_line():
    correct = verdict.Verdict("5b", "correct", "Correct: ...")
    line = "check_should_stop(should_stop)"
    assert (
        grade._checked_honestly(correct, f"def should_stop(v, p):\n    return 1\n\n\n{line}", line)
        is correct
    )
    spoofed = grade._checked_honestly(
        correct, 'def should_stop(v, p):\n    return 1\nprint("Correct: yes")', line
    )
    assert spoofed.status == "error" and "check line was changed" in spoofed.text
    printed = grade._checked_honestly(correct, f'print("Correct: yes")\n{line}', line)
    assert printed.status == "error" and "prints its own" in printed.text
    commented = f"def should_stop(v, p):  # Correct: should be True here\n    return 1\n\n\n{line}"
    assert grade._checked_honestly(correct, commented, line) is correct  # a comment is not code


def tampered(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return grade.tampering(notebook, {"1a": ["check_target"], "1b": ["check_train_step"]})


@pytest.mark.parametrize(
    "source, found",
    [
        ("def check_train_step(f):\n    print('Correct: yes')", "cell 0 rebinds check_train_step"),
        ("check_target = print", "cell 0 rebinds check_target"),
        ("from mine import fake as check_target", "not allowed: cell 0 imports mine"),
        (
            "from course.exercises.five_steps import check_train_step as check_target",
            "imports check_train_step from the",
        ),
        (
            "import course.exercises.five_steps as f\nf.check_train_step = print",
            "cell 0 changes f.check_train_step",
        ),
        (
            "from course.exercises import five_steps\nsetattr(five_steps, 'x', 1)",
            "not allowed: cell 0 uses setattr",
        ),
        ("import torch\ntorch.allclose = lambda *a, **k: True", "cell 0 changes torch.allclose"),
        (
            "get_ipython()._showtraceback = print",
            "not allowed: cell 0 uses get_ipython, code the grader cannot",
        ),
        ("%%writefile helper.py\nprint(1)", "not allowed: cell 0 runs %writefile"),
        ("!ls /", "not allowed: cell 0 runs a shell command"),
        ("%time import sys", "not allowed: cell 0 imports sys"),
        ("import torch\ntorch.__dict__['allclose'] = max", "not allowed: cell 0 uses __dict__"),
        (
            "import torch\nclass Y(torch.Tensor):\n    pass",
            "tampering: cell 0 defines Y, a tensor that answers for",
        ),
        (
            "class Y:\n    def __eq__(self, other):\n        return True",
            "tampering: cell 0 defines __eq__",
        ),
        (
            "from course.exercises.probe import reference_step",
            "imports reference_step from the course's checks",
        ),
        ("import ctypes", "not allowed: cell 0 imports ctypes, which graded exercises do not need"),
        ("import builtins\nbuiltins.print = lambda *a: None", "cell 0 changes builtins.print"),
        ("import sys, io\nsys.stdout = io.StringIO()", "cell 0 changes sys.stdout"),
        ("def f(): pass\nf.__code__ = (lambda: 1).__code__", "not allowed: cell 0 uses __code__"),
        ("for check_target in range(3): pass", "cell 0 rebinds check_target"),
    ],
)
def test_a_notebook_that_changes_a_check_is_found_from_its_source(source, found):
    assert any(found in said for said in tampered(source)), tampered(source)


def test_an_honest_notebooks_imports_and_answers_are_no_tampering():
    assert (
        tampered(
            "from course.exercises.five_steps import check_target, check_train_step\nimport torch, os",
            "y = torch.zeros(3, 1)\nmodel = torch.nn.Linear(10, 1)\nmodel.weight.data[:] = 0",
            "torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False",
            "%time z = type(model).__name__ + os.path.join('a', 'b')\n%matplotlib inline",
            "class Step:\n    def __init__(self):\n        self._n = 0\n    def __call__(self):\n"
            "        self._n += 1\n        return self._n",
            "check_target(y)",
        )
        == []
    )


def test_student_text_is_escaped_in_the_csv_and_the_summary():
    assert grade.spreadsheet_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert grade.spreadsheet_text("-2+3") == "'-2+3" and grade.spreadsheet_text("@SUM") == "'@SUM"
    assert grade.spreadsheet_text("a\nb\r\tc") == "a b c" and grade.spreadsheet_text(2) == "2"
    assert grade.plain("\x1b[2J\x1bc evil\u202egnp.exe\x07\x9b") == "?[2J?c evil?gnp.exe??"
    assert grade.markdown_text("\x1b]52;c;aGk=\x07") == "?\\]52;c;aGk=?"
    assert (
        grade.markdown_text("x\n## section *b* [l](u) `c` <i> |")
        == "x \\#\\# section \\*b\\* \\[l\\](u) \\`c\\` \\<i\\> \\|"
    )


def test_links_large_files_and_files_that_are_no_notebook_are_refused_unread(tmp_path, monkeypatch):
    (tmp_path / "ann").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "ann" / "01_five_steps.ipynb")
    (tmp_path / "ann" / "linked.ipynb").symlink_to(tmp_path / "ann" / "01_five_steps.ipynb")
    (tmp_path / "ann" / "notes.txt").write_text("hi")
    (tmp_path / "ann" / "sub").mkdir()
    (tmp_path / "ann" / "sub" / "big.ipynb").write_bytes(b" " * 2048)
    (tmp_path / "bob.ipynb").symlink_to(tmp_path / "ann" / "01_five_steps.ipynb")
    (tmp_path / "cat").symlink_to(tmp_path / "ann")  # a student's folder that is a link
    monkeypatch.setattr(grade, "NOTEBOOK_SIZE", 1024)
    found = {
        submission.path.relative_to(tmp_path).as_posix(): submission.refused or submission.text[:1]
        for submission in grade.submissions(tmp_path)
    }
    assert found == {
        "ann/01_five_steps.ipynb": "{",
        "ann/linked.ipynb": "a symbolic link: hand in the notebook itself",
        "ann/notes.txt": "not a notebook (*.ipynb)",
        "ann/sub/big.ipynb": "0 MB, over the 0 MB a notebook may be: clear its outputs and hand it in "
        "again",
        "bob.ipynb": "a symbolic link: hand in the notebook itself",
        "cat": "a symbolic link: hand in the notebook itself",
    }


def test_a_notebook_of_more_cells_than_any_exercise_needs_is_refused_unread():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("# Exercise 1a: x\n1") for _ in range(grade.CELLS + 1)
    ]
    assert grade.identify(nbformat.writes(notebook), KNOWN, "01_five_steps.ipynb")[::2] == (
        None,
        f"{grade.CELLS + 1} cells, more than the {grade.CELLS} a notebook may hold",
    )


def test_without_bubblewrap_grading_is_refused_unless_the_risk_is_named(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    with pytest.raises(grade.GradingRefused, match="needs bubblewrap"):
        grade.grade(tmp_path, tmp_path / "out")
    assert grade.main([str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].endswith("add --unsandboxed-i-trust-these-notebooks")
    assert (
        grade.main(
            [str(tmp_path), "--out", str(tmp_path / "out"), "--unsandboxed-i-trust-these-notebooks"]
        )
        == 0
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One hostile notebook graded for real, in a class of two with a file that is no notebook: before the first
    exercise it deletes its working folder, tries to delete the course's copy and the grader's folder, to open the
    repository's README for writing and to read the solutions; it answers 6a right, then exits its kernel in 6b."""
    submissions, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("grades")
    answers = {
        "setup": ("code", fake_class.DELETE + "\n" + fake_class.READ_SOLUTIONS),
        "6a": ("right", "with wraparound"),
        "6b": ("code", fake_class.EXIT),
    }
    (submissions / "pat").mkdir()
    notebook = fake_class.notebook_for("06_scaling_out.ipynb", answers)
    nbformat.write(notebook, submissions / "pat" / "06_scaling_out.ipynb")
    (submissions / "kim").mkdir()
    (submissions / "kim" / "05_saving_and_validating.ipynb").write_text("")
    before = {path: path.read_bytes() for path in submissions.rglob("*") if path.is_file()}
    # a laptop without bubblewrap: the same worker
    rows = grade.grade(
        submissions,
        out,
        timeout=60,
        notebook_timeout=120,
        progress=lambda line: None,
        unsandboxed=sandbox.bwrap() is None,
    )
    return {row.student: row for row in rows}, out, before


def test_a_kernel_that_exits_costs_the_exercises_after_it_only(graded):
    rows, _, _ = graded
    pat = rows["pat"]
    assert [(v.exercise, v.status) for v in pat.verdicts] == [("6a", "error"), ("6b", "error")]
    assert (
        pat.verdicts[0].text
        == "not allowed: cell 3 imports shutil, which graded exercises do not need"
    )
    assert pat.verdicts[1].text == "the kernel died while this cell ran"
    assert (
        "the kernel died in exercise 6b (exit(), os._exit(), a crash or the memory limit)"
        in pat.notes
    )
    kim = rows["kim"]
    assert [(v.exercise, v.status) for v in kim.verdicts] == [("5a", "error"), ("5b", "error")]


@pytest.mark.skipif(sandbox.bwrap() is None, reason="needs bubblewrap (Linux)")
def test_a_notebook_that_deletes_and_prowls_changes_nothing_outside_its_folder(graded):
    rows, out, before = graded
    pat = rows["pat"]
    # the sandbox holds no repository
    prowled = next(note for note in pat.notes if "FileNotFoundError" in note)
    assert "notebooks/exercises/solutions/06_scaling_out.ipynb" in prowled
    assert {path: path.read_bytes() for path in before} == before  # the submissions, untouched
    assert (REPO / "notebooks" / "exercises" / "solutions" / "06_scaling_out.ipynb").is_file()
    assert (REPO / "course" / "exercises" / "scaling.py").is_file()


def test_the_csv_has_a_row_per_notebook_and_a_column_per_exercise(graded):
    _, out, _ = graded
    lines = (out / "grades.csv").read_text().splitlines()
    columns = grade.columns(KNOWN)
    assert columns[:4] == ["1a", "1b", "2a", "2b"] and {"6a", "6b"} <= set(columns)
    assert lines[0] == "student,notebook,lesson,correct,of," + ",".join(columns) + ",notes"
    pat = next(row for row in csv.DictReader(lines) if row["student"] == "pat")
    assert {key: pat[key] for key in ("notebook", "lesson", "correct", "of", "1a", "6a", "6b")} == {
        "notebook": "pat/06_scaling_out.ipynb",
        "lesson": "06_scaling_out.ipynb",
        "correct": "0",
        "of": "2",
        "1a": "",
        "6a": "error: not allowed",
        "6b": "error: the kernel died while this cell ran",
    }
    summary = (out / "summary.md").read_text()
    assert "2 notebooks from 2 students." in summary and "| 6a | 0 | 0 | 0 | 0 | 1 |" in summary
    assert "| 5b | 0 | 0 | 0 | 0 | 1 |" in summary


def test_outside_a_sandbox_the_worker_starts_no_watchdog_whose_kill_would_reach_every_process(
    monkeypatch,
):
    """Unsandboxed, /proc is the whole machine's: counting it trips the limits, and kill(-1) would then end every
    process of the user (on this machine once: the shell that ran the tests)."""
    from staff import grade_worker

    started = []
    monkeypatch.setattr(
        grade_worker.threading, "Thread", lambda **kw: started.append(kw) or _NoThread()
    )
    job = {"sandboxed": False, "processes": 1, "memory": 1}
    assert grade_worker._guard(job, print) is False and not started
    assert grade_worker._guard({**job, "sandboxed": True}, print) is True and len(started) == 1


class _NoThread:
    def start(self):
        pass
