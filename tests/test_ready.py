"""`make ready` (course/ready.py): on a machine that is set up it says ready; otherwise one line names what is wrong
and what to do, with exit status 1."""

import shutil

import pytest

from course import ready


def test_a_set_up_machine_is_ready(capsys):
    assert ready.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["ok"] * len(ready.CHECKS) + ["ready"]
    assert "bitwise the same" in lines[len(ready.CHECKS) - 1]


def test_a_missing_kernel_is_one_line_that_says_what_to_do():
    with pytest.raises(ready.NotReady, match="no kernel named 'no-such-kernel': run `make lab`"):
        ready.kernel("no-such-kernel")


def test_a_package_that_does_not_import_is_named(monkeypatch):
    monkeypatch.setattr(ready, "PACKAGES", ("torch", "not_a_course_package"))
    with pytest.raises(
        ready.NotReady, match=r"not_a_course_package does not import .* delete \.venv/"
    ):
        ready.packages()


def course_copy(tmp_path):
    """A folder shaped like the course: bootstrap.py, the lessons and the exercise notebooks that name them."""
    (tmp_path / "bootstrap.py").write_text("")
    for folder in ("notebooks", "notebooks/exercises"):
        (tmp_path / folder).mkdir()
        for lesson in ready.expected_lessons():
            shutil.copy(ready.ROOT / folder / lesson, tmp_path / folder / lesson)
    return tmp_path


def test_a_folder_that_is_not_the_course_is_named(tmp_path):
    with pytest.raises(
        ready.NotReady, match="is not the course's folder: run this from the one with bootstrap"
    ):
        ready.lessons(tmp_path)


def test_a_missing_a_deleted_and_a_damaged_lesson_are_each_named(tmp_path):
    root = course_copy(tmp_path)
    assert ready.lessons(root).startswith(f"{len(ready.expected_lessons())} lessons")
    (root / "notebooks" / "03_refactor.ipynb").write_text('{"cells": [')
    with pytest.raises(
        ready.NotReady, match="notebooks/03_refactor.ipynb cannot be read .*fresh copy"
    ):
        ready.lessons(root)
    (root / "notebooks" / "04_dangers.ipynb").unlink()
    with pytest.raises(ready.NotReady, match="lessons missing from notebooks/: 04_dangers.ipynb"):
        ready.lessons(root)
    (root / "notebooks").rename(root / "lessons")
    with pytest.raises(ready.NotReady, match="notebooks is missing \\(moved or renamed\\?\\)"):
        ready.lessons(root)


def test_a_student_file_that_shadows_a_package_in_the_lessons_folder_is_named(tmp_path):
    (tmp_path / "torch.py").write_text("raise ImportError('a student file')")
    with pytest.raises(ready.NotReady, match="a file of yours in notebooks/ named like a package"):
        ready.kernel(cwd=tmp_path)


def test_a_jupyter_folder_that_cannot_be_written_is_named(monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", "/proc/no-such-folder")
    with pytest.raises(
        ready.NotReady, match="Jupyter cannot write its running kernels' files in /proc"
    ):
        ready.jupyter_folders()


def test_a_package_that_crashes_python_on_import_is_a_line(tmp_path, monkeypatch):
    (tmp_path / "crashes.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(ready, "PACKAGES", ("crashes",))
    with pytest.raises(ready.NotReady, match="crashed Python \\(signal 9\\): a file is damaged"):
        ready.packages()


def test_a_stale_pythonpath_is_named_as_the_fix(tmp_path, monkeypatch):
    (tmp_path / "broken.py").write_text("raise ImportError('from an old PYTHONPATH')")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setattr(ready, "PACKAGES", ("broken",))
    with pytest.raises(
        ready.NotReady, match="broken does not import .*PYTHONPATH is set .*unset it"
    ):
        ready.packages()


def test_an_unforeseen_error_and_ctrl_c_are_one_line_each(monkeypatch, capsys):
    def breaks():
        raise ImportError("cannot import name 'quiet' from 'course'")

    monkeypatch.setattr(ready, "CHECKS", (breaks,))
    assert ready.main([]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "not ready: the check 'breaks' failed (ImportError: cannot import name 'quiet' from 'course'): run it "
        "from the course's folder (the one with bootstrap.py), or delete .venv/ and run `make ready` again to "
        "set it up anew"
    ]

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(ready, "CHECKS", (interrupted,))
    assert ready.main([]) == 130
    assert capsys.readouterr().out.startswith("not ready: stopped (Ctrl-C)")


def test_the_first_failure_stops_with_status_1_and_one_line(monkeypatch, capsys):
    ran = []

    def fails():
        raise ready.NotReady("what is wrong: what to do")

    monkeypatch.setattr(ready, "CHECKS", (lambda: "fine", fails, lambda: ran.append(1)))
    assert ready.main([]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "ok: fine",
        "not ready: what is wrong: what to do",
    ]
    assert not ran
