"""Exercise 1's checks, beyond the corpus (staff/exercise_corpus/lesson1.py): exact words of the classic mistakes,
and what a check does to the notebook around it."""

import random

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.five_steps import check_targets, check_train_step
from course.exercises.verdict import ExerciseError
from staff.exercise_corpus.lesson1 import EXERCISES, X, b_true, five_steps, noise, w_true


def test_flat_targets_are_named_as_broadcasting_in_the_exact_words():  # mistake 2
    with pytest.raises(ExerciseError) as error:
        check_targets(X @ w_true + b_true + noise, X, w_true, b_true, noise)
    assert str(error.value) == mistakes.BROADCAST.format(target=(100,), output=(100, 1))


def test_a_check_leaves_every_global_random_state_as_it_found_it(capsys):
    torch.manual_seed(5)
    random.seed(5)
    np.random.seed(5)
    before = torch.get_rng_state(), random.getstate(), np.random.get_state()[1].copy()
    check_train_step(five_steps)  # its tiny models are made with torch.manual_seed
    assert torch.equal(torch.get_rng_state(), before[0])
    assert random.getstate() == before[1] and (np.random.get_state()[1] == before[2]).all()


def test_an_error_of_the_students_own_shows_only_the_students_frames():
    def typo(model, optimizer, x, y):
        return F.mse_loss(model(x), y).itme()

    with pytest.raises(AttributeError) as error:
        check_train_step(typo)
    shown = "\n".join(error.value._render_traceback_())
    assert (
        "in typo" in shown
        and "course/exercises" not in shown
        and "check_train_step ran your code" in shown
    )


# pieces of the solutions' code
PASTED = [
    "unsqueeze(",
    "view(-1, 1)",
    "reshape(",
    "y = ",
    "loss = ",
    "return loss",
    "loss.item()",
    "F.mse_loss(model(x)",
    "F.mse_loss(y_hat",
]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.name)
def test_no_fix_pastes_the_solution(exercise, capsys):
    """Every wrong answer's Fix says what to change in words: no piece of the solution's code."""
    for label, wrong in exercise.wrong.items():
        with pytest.raises(ExerciseError) as error:
            exercise.run(wrong.answer)
        fix = str(error.value).split("Fix:", 1)[1]
        assert not [piece for piece in PASTED if piece in fix], f"{label}: {error.value}"


def test_legal_steps_are_judged_by_their_gradients_not_the_order_of_calls():
    """A closure (the optimizer's step runs backward inside it) and torch.autograd.grad (nothing added into .grad)
    are legal steps: StepWatch compares the gradients each step used with the backward passes, not hook order."""

    def closure_step(model, optimizer, x, y):
        def closure():
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            return loss

        return optimizer.step(closure).item()

    def autograd_grad_step(model, optimizer, x, y):
        loss = F.mse_loss(model(x), y)
        for p, g in zip(model.parameters(), torch.autograd.grad(loss, list(model.parameters()))):
            p.grad = g
        optimizer.step()
        return loss.item()

    for step in (closure_step, autograd_grad_step):
        check_train_step(step)
