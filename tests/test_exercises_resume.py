"""Exercise 5's checks, beyond the corpus: every question the early-stopping check asks, after each validation of
a fixed or drawn history, is answered as Lightning's EarlyStopping answers it; the wrong rules the check can name
are told apart by those questions."""

import itertools

import pytest
import torch
from lightning.pytorch.callbacks import EarlyStopping

from course.exercises.resume import EMPTY, WRONG_RULES, expected_stop, stopping_histories

HISTORIES = stopping_histories()
QUESTIONS = [EMPTY] + [
    (val_losses[:end], patience)
    for val_losses, patience in HISTORIES
    for end in range(1, len(val_losses) + 1)
]


def lightning_decisions(val_losses, patience):
    """What EarlyStopping decides after each validation; float64, so that no two different losses are equal."""
    early_stopping = EarlyStopping(monitor="val_loss", patience=patience)
    return [
        early_stopping._evaluate_stopping_criteria(torch.tensor(loss, dtype=torch.float64))[0]
        for loss in val_losses
    ]


@pytest.mark.parametrize("val_losses, patience", HISTORIES, ids=[f"{v}-{p}" for v, p in HISTORIES])
def test_every_answer_is_what_lightning_decides_after_that_validation(val_losses, patience):
    expected = [
        expected_stop(val_losses[:end], patience)[0] for end in range(1, len(val_losses) + 1)
    ]
    assert expected == lightning_decisions(val_losses, patience)


def test_before_the_first_validation_there_is_no_stop():
    assert expected_stop(*EMPTY)[0] is False


def test_the_questions_have_ties_both_answers_and_stops_past_their_first():
    assert any(len(set(v)) < len(v) for v, _ in HISTORIES)
    assert {expected_stop(*question)[0] for question in QUESTIONS} == {True, False}
    later = [(v, p) for v, p in QUESTIONS if expected_stop(v, p)[0] and expected_stop(v[:-1], p)[0]]
    assert later, "no question comes after a validation where training would already have stopped"


def test_each_wrong_rule_differs_from_the_right_one_and_from_the_others():
    right = [expected_stop(*question)[0] for question in QUESTIONS]
    answers = {rule.__name__: [rule(*question) for question in QUESTIONS] for rule in WRONG_RULES}
    assert all(said != right for said in answers.values())
    for (a, said_a), (b, said_b) in itertools.combinations(answers.items(), 2):
        assert said_a != said_b, f"{a} and {b} answer every question alike"
