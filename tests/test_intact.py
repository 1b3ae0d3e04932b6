"""The look-up the grader runs in the kernel after each exercise cell (course/exercises/intact.py): it finds a check
replaced, a course function patched or rebound, a module constant changed, and torch or print replaced by the
notebook's code, and nothing in a kernel left as it was."""

import builtins

import pytest
import torch

from course.exercises import check, five_steps, intact, mistakes


@pytest.fixture
def taken():
    intact.snapshot()
    yield
    intact._started.clear()


def changes(namespace=None):
    return intact.changes(
        namespace or {"check_targets": five_steps.check_targets}, ["check_targets"]
    )


def test_nothing_changed_is_intact(taken):
    assert [
        found for found in changes() if "sys.stdout" not in found
    ] == []  # no IPython kernel here


@pytest.mark.parametrize(
    "module, name, value, found",
    [
        (
            five_steps,
            "check_targets",
            print,
            "course.exercises.five_steps.check_targets was rebound",
        ),
        (five_steps, "fail", mistakes.name, "course.exercises.five_steps.fail was rebound"),
        (
            check,
            "says_correct",
            lambda source: True,
            "course.exercises.check.says_correct was rebound",
        ),
        (torch, "allclose", lambda *a, **k: True, "torch.allclose was replaced"),
        (builtins, "print", lambda *a, **k: None, "print was replaced"),
    ],
    ids=["a check", "a function a check calls", "another course function", "torch", "print"],
)
def test_a_patch_is_found(taken, monkeypatch, module, name, value, found):
    monkeypatch.setattr(module, name, value)
    said = changes()
    monkeypatch.undo()
    assert any(found in line for line in said), said


def test_a_functions_code_replaced_is_found(taken):
    code = check.says_correct.__code__
    check.says_correct.__code__ = (lambda source: True).__code__
    try:
        said = changes()
    finally:
        check.says_correct.__code__ = code
    assert "course.exercises.check.says_correct was changed" in said


def test_a_check_name_bound_to_something_else_is_found(taken):
    assert "check_targets is not the course's check" in changes({"check_targets": lambda *a: None})
