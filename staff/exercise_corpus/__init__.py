"""The corpus the exercise checks are audited with: for every exercise, right answers written differently from the
solution (they must pass) and wrong answers, classic and subtle (each must fail naming its mistake and the fix).

One module per lesson; each defines EXERCISES, a list of Exercise. tests/test_exercise_corpus.py runs them all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Wrong:
    answer: Any
    mistake: str  # a substring of the message: the words that name the mistake
    fix: str  # a substring of what follows "Fix:" in the message


@dataclass
class Exercise:
    name: str  # "1b", as in the notebook's "# Exercise 1b: ..." line
    run: Callable  # runs the exercise's check on one answer
    right: dict = field(default_factory=dict)  # what the answer is written as -> the answer
    wrong: dict = field(default_factory=dict)  # the mistake -> Wrong


def answers(exercises, kind):
    """(exercise, label, answer) for every right (kind="right") or wrong answer, as pytest parameters."""
    return [
        (exercise, label, answer)
        for exercise in exercises
        for label, answer in getattr(exercise, kind).items()
    ]
