"""Exercise 4's checks: the device trap on the meta device, and a learning rate that explodes."""
import pytest
import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.dangers import check_device_step, check_learning_rate
from course.exercises.verdict import ExerciseError


def five_steps(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


# Exercise 4a: the device trap


def moves_x_and_y(model, optimizer, batch, device):  # the solution's way
    x, y = batch
    x, y = x.to(device), y.to(device)
    return five_steps(model, optimizer, x, y).detach()


def moves_to_the_parameters_device(model, optimizer, batch, device):  # .item() is fine on a real device
    device = next(model.parameters()).device
    x, y = (tensor.to(device, non_blocking=True) for tensor in batch)
    return five_steps(model, optimizer, x, y).item()


@pytest.mark.parametrize("train_step", [moves_x_and_y, moves_to_the_parameters_device])
def test_right_device_steps_pass(train_step, capsys):
    check_device_step(train_step)
    assert capsys.readouterr().out.startswith("Correct: ")


def moves_nothing(model, optimizer, batch, device):  # mistake 3
    return five_steps(model, optimizer, *batch).detach()


def moves_x_only(model, optimizer, batch, device):  # mistake 3
    x, y = batch
    return five_steps(model, optimizer, x.to(device), y).detach()


def moves_to_cuda(model, optimizer, batch, device):
    x, y = batch
    return five_steps(model, optimizer, x.cuda(), y.cuda()).detach()


def forgets_zero_grad(model, optimizer, batch, device):  # mistake 1 behind a right device move
    x, y = (tensor.to(device) for tensor in batch)
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


@pytest.mark.parametrize("train_step, message", [
    (moves_nothing, mistakes.name(mistakes.DEVICE)),
    (moves_x_only, mistakes.name(mistakes.DEVICE)),
    pytest.param(moves_to_cuda, "train_step names the GPU itself",
                 marks=pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU makes .cuda() a device mix-up")),
    (forgets_zero_grad, mistakes.ZERO_GRAD),
], ids=["moves nothing", "moves x only", ".cuda()", "forgets zero_grad"])
def test_wrong_device_step_is_named(train_step, message):
    with pytest.raises(ExerciseError) as error:
        check_device_step(train_step)
    assert str(error.value).startswith(message)


def test_device_message_quotes_the_error_a_gpu_would_give():
    with pytest.raises(ExerciseError, match='"Tensor on device meta is not on the expected device cpu!"'):
        check_device_step(moves_nothing)


# Exercise 4b: a learning rate


@pytest.mark.parametrize("lr", [0.1, 0.2, 0.3])
def test_learning_rates_that_train_fast_pass(lr, capsys):
    check_learning_rate(lr)
    assert capsys.readouterr().out.startswith(f"Correct: with lr={lr}")


@pytest.mark.parametrize("lr, message", [
    (1.0, "The loss explodes: with lr=1.0 it went from 8.817 to "),  # mistake 7: 1e+18 by the last step
    (10.0, "The loss explodes: with lr=10.0 it went from 8.817 to inf "),  # mistake 7: inf, then NaN
    (0.01, "With lr=0.01 the last epoch's mean loss is 4.2163, above 0.05"),
    (0.5, "With lr=0.5 the last epoch's mean loss is 1.1891, above 0.05"),
    (0, "lr is 0."),
    ("0.1", "lr is '0.1'."),
], ids=["1.0 grows", "10.0 reaches inf", "0.01 too slow", "0.5 bounces", "zero", "a string"])
def test_wrong_learning_rate_is_named(lr, message):
    with pytest.raises(ExerciseError) as error:
        check_learning_rate(lr)
    assert str(error.value).startswith(message)
