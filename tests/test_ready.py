"""`make ready` (course/ready.py): on a machine that is set up it says ready; otherwise one line names what is wrong
and what to do, with exit status 1."""

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


def test_a_folder_without_lessons_is_refused(tmp_path):
    with pytest.raises(ready.NotReady, match="no lessons in .*: run this from the course's folder"):
        ready.lessons(tmp_path)


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
