"""Exercise 1's checks: every classic mistake in a training step is named; right answers written differently pass."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course.exercises import mistakes
from course.exercises.five_steps import check_targets, check_train_step
from course.exercises.verdict import ExerciseError

# Exercise 1a: targets

torch.manual_seed(0)
X, w_true, b_true, noise = torch.randn(100, 10), torch.randn(10), torch.randn(()), 0.1 * torch.randn(100)
RIGHT_TARGETS = {
    "unsqueeze": (X @ w_true + b_true + noise).unsqueeze(1),
    "view": (X @ w_true + b_true + noise).view(-1, 1),
    "column weights": X @ w_true[:, None] + b_true + noise[:, None],
}


@pytest.mark.parametrize("y", RIGHT_TARGETS.values(), ids=RIGHT_TARGETS.keys())
def test_right_targets_pass(y, capsys):
    check_targets(y, X, w_true, b_true, noise)
    assert capsys.readouterr().out.startswith("Correct: ")


def test_flat_targets_are_named_as_broadcasting():  # mistake 2
    with pytest.raises(ExerciseError) as error:
        check_targets(X @ w_true + b_true + noise, X, w_true, b_true, noise)
    assert str(error.value) == mistakes.BROADCAST.format(target=(100,), output=(100, 1))


def test_targets_as_a_row_are_named_as_broadcasting():
    with pytest.raises(ExerciseError, match=mistakes.name(mistakes.BROADCAST)):
        check_targets((X @ w_true + b_true + noise).view(1, -1), X, w_true, b_true, noise)


def test_targets_without_the_noise_are_wrong_values():
    with pytest.raises(ExerciseError, match="right shape but not the right values"):
        check_targets((X @ w_true + b_true).unsqueeze(1), X, w_true, b_true, noise)


# Exercise 1b: one training step


def five_steps(model, optimizer, x, y):  # the solution's order
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def zero_grad_first_with_nn_mse_loss(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = nn.MSELoss()(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


def zero_grad_last_by_formula(model, optimizer, x, y):
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    model.zero_grad(set_to_none=False)
    return loss.item()


@pytest.mark.parametrize("train_step", [five_steps, zero_grad_first_with_nn_mse_loss, zero_grad_last_by_formula])
def test_right_steps_pass(train_step, capsys):
    check_train_step(train_step)
    assert capsys.readouterr().out.startswith("Correct: ")


def zero_grad_forgotten(model, optimizer, x, y):  # mistake 1
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def flat_targets(model, optimizer, x, y):  # mistake 2, with PyTorch's warning
    loss = F.mse_loss(model(x), y.view(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def flat_targets_by_formula(model, optimizer, x, y):  # mistake 2, silent
    loss = ((model(x) - y.view(-1)) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def step_before_backward(model, optimizer, x, y):  # mistake 6: steps 4 and 5 swapped
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    optimizer.step()
    loss.backward()
    return loss.item()


def step_first(model, optimizer, x, y):  # mistake 6: the step moved to the top
    optimizer.step()
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    return loss.item()


def zero_grad_between_backward_and_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()


def no_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    return loss.item()


def returns_nothing(model, optimizer, x, y):
    five_steps(model, optimizer, x, y)


WRONG_STEPS = [
    (zero_grad_forgotten, mistakes.ZERO_GRAD),
    (flat_targets, mistakes.BROADCAST.format(target=(4,), output=(4, 1))),
    (flat_targets_by_formula, mistakes.BROADCAST.format(target=(4,), output=(4, 1))),
    (step_before_backward, mistakes.STEP_BEFORE_BACKWARD),
    (step_first, mistakes.STEP_BEFORE_BACKWARD),
    (zero_grad_between_backward_and_step, mistakes.ZERO_GRAD_TOO_LATE),
    (no_step, mistakes.NO_STEP),
    (returns_nothing, "train_step returns nothing. Fix: end it with `return loss.item()`."),
]


@pytest.mark.parametrize("train_step, message", WRONG_STEPS, ids=[step.__name__ for step, _ in WRONG_STEPS])
def test_wrong_step_is_named(train_step, message):
    with pytest.raises(ExerciseError) as error:
        check_train_step(train_step)
    assert str(error.value) == message


def test_a_different_loss_is_wrong():
    def l1_loss(model, optimizer, x, y):
        loss = F.l1_loss(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    with pytest.raises(ExerciseError, match="but the mean squared error of the batch is"):
        check_train_step(l1_loss)
