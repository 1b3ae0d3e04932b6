"""Exercise 5's checks, beyond the corpus: every history the early-stopping check asks about, fixed or drawn, is
answered as Lightning's EarlyStopping answers it."""
import pytest
import torch
from lightning.pytorch.callbacks import EarlyStopping

from course.exercises.resume import STOPPING_CASES, expected_stop, random_cases

CASES = STOPPING_CASES + random_cases()


def lightning_decisions(val_losses, patience):
    early_stopping = EarlyStopping(monitor="val_loss", patience=patience)
    return [early_stopping._evaluate_stopping_criteria(torch.tensor(loss))[0] for loss in val_losses]


@pytest.mark.parametrize("val_losses, patience, stop, why", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_history_is_what_lightning_decides_at_its_last_validation(val_losses, patience, stop, why):
    decisions = lightning_decisions(val_losses, patience)
    assert decisions == [False] * (len(val_losses) - 1) + [True] if stop else not any(decisions)
    assert expected_stop(val_losses, patience)[0] is stop


def test_the_drawn_histories_have_ties_and_both_answers():
    drawn = random_cases()
    assert any(len(set(v)) < len(v) for v, *_ in drawn) and {stop for _, _, stop, _ in drawn} == {True, False}
