"""Exercise 2's checks: a training epoch and a validation pass; mistakes named, right variants pass."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course.exercises import mistakes
from course.exercises.loop import check_evaluate, check_train_epoch
from course.exercises.verdict import ExerciseError


def step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


# Exercise 2a: one epoch


def epoch_as_in_the_solution(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_returning_a_tensor(model, optimizer, train_loader):
    model.train(True)
    losses = []
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    return torch.stack(losses)


@pytest.mark.parametrize("train_epoch", [epoch_as_in_the_solution, epoch_returning_a_tensor])
def test_right_epochs_pass(train_epoch, capsys):
    check_train_epoch(train_epoch)
    assert capsys.readouterr().out.startswith("Correct: ")


def epoch_in_eval_mode(model, optimizer, train_loader):
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_without_zero_grad(model, optimizer, train_loader):  # mistake 1
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def epoch_stepping_before_backward(model, optimizer, train_loader):  # mistake 6
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x), y)
        optimizer.zero_grad()
        optimizer.step()
        loss.backward()
        losses.append(loss.item())
    return losses


def epoch_keeping_the_graphs(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x, y) for x, y in train_loader]


WRONG_EPOCHS = [
    (epoch_in_eval_mode, mistakes.NO_TRAIN),
    (epoch_without_zero_grad, mistakes.ZERO_GRAD),
    (epoch_stepping_before_backward, mistakes.STEP_BEFORE_BACKWARD),
    (epoch_keeping_the_graphs, "train_epoch keeps every loss with its whole graph"),
]


@pytest.mark.parametrize("train_epoch, message", WRONG_EPOCHS, ids=[f.__name__ for f, _ in WRONG_EPOCHS])
def test_wrong_epoch_is_named(train_epoch, message):
    with pytest.raises(ExerciseError) as error:
        check_train_epoch(train_epoch)
    assert str(error.value).startswith(message)


# Exercise 2b: validation


def evaluate_as_in_the_solution(model, val_loader):
    model.eval()
    with torch.no_grad():
        losses = [F.mse_loss(model(x), y) for x, y in val_loader]
    return torch.stack(losses).mean().item()


@torch.inference_mode()
def evaluate_weighted_by_rows(model, val_loader):
    model.eval()
    total = sum(F.mse_loss(model(x), y, reduction="sum") for x, y in val_loader)
    model.train()  # restoring training mode is fine too
    return total / len(val_loader.dataset)


def evaluate_with_set_grad_enabled(model, val_loader):
    model.train(False)
    with torch.set_grad_enabled(False):
        return sum(nn.MSELoss()(model(x), y).item() for x, y in val_loader) / len(val_loader)


@pytest.mark.parametrize("evaluate", [evaluate_as_in_the_solution, evaluate_weighted_by_rows,
                                      evaluate_with_set_grad_enabled])
def test_right_validations_pass(evaluate, capsys):
    check_evaluate(evaluate)
    assert capsys.readouterr().out.startswith("Correct: ")


def evaluate_without_eval(model, val_loader):  # mistake 5
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_without_no_grad(model, val_loader):  # mistake 5
    model.eval()
    return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_detaching_too_late(model, val_loader):  # mistake 5: the graph is built, then thrown away
    model.eval()
    return sum(F.mse_loss(model(x).detach(), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_last_batch_only(model, val_loader):
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            loss = F.mse_loss(model(x), y).item()
    return loss


WRONG_VALIDATIONS = [
    (evaluate_without_eval, mistakes.NO_EVAL),
    (evaluate_without_no_grad, mistakes.NO_NO_GRAD),
    (evaluate_detaching_too_late, mistakes.NO_NO_GRAD),
    (evaluate_last_batch_only, "evaluate returns"),
]


@pytest.mark.parametrize("evaluate, message", WRONG_VALIDATIONS, ids=[f.__name__ for f, _ in WRONG_VALIDATIONS])
def test_wrong_validation_is_named(evaluate, message):
    with pytest.raises(ExerciseError) as error:
        check_evaluate(evaluate)
    assert str(error.value).startswith(message)
