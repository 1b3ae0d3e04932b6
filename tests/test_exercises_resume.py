"""Exercise 5's checks: a checkpoint that resumes exactly, and early stopping as Lightning decides it."""
import random

import pytest
import torch
from lightning.pytorch.callbacks import EarlyStopping

from course.exercises.resume import STOPPING_CASES, check_checkpoint, check_should_stop
from course.exercises.verdict import ExerciseError

# Exercise 5a: checkpoints


def save_as_in_the_solution(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, path)


def load_as_in_the_solution(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


def save_the_next_epoch_and_python_random(path, model, optimizer, epoch):
    torch.save({"next_epoch": epoch + 1, "states": [model.state_dict(), optimizer.state_dict()],
                "torch_rng": torch.random.get_rng_state(), "python_rng": random.getstate()}, path)


def load_the_next_epoch_and_python_random(path, model, optimizer):
    checkpoint = torch.load(path, map_location="cpu")
    model.load_state_dict(checkpoint["states"][0])
    optimizer.load_state_dict(checkpoint["states"][1])
    torch.random.set_rng_state(checkpoint["torch_rng"])
    random.setstate(checkpoint["python_rng"])
    return checkpoint["next_epoch"]


@pytest.mark.parametrize("save, load", [(save_as_in_the_solution, load_as_in_the_solution),
                                        (save_the_next_epoch_and_python_random, load_the_next_epoch_and_python_random)],
                         ids=["as in the solution", "next epoch and Python's random state"])
def test_right_checkpoints_pass(save, load, capsys):
    check_checkpoint(save, load)
    assert capsys.readouterr().out.startswith("Correct: ")


def load_without(*skipped):
    def load(path, model, optimizer):
        checkpoint = torch.load(path, weights_only=True)
        if "model" not in skipped:
            model.load_state_dict(checkpoint["model"])
        if "optimizer" not in skipped:
            optimizer.load_state_dict(checkpoint["optimizer"])
        if "rng" not in skipped:
            torch.set_rng_state(checkpoint["rng"])
        return checkpoint["epoch"] + ("+1" not in skipped)

    return load


def save_objects(path, model, optimizer, epoch):
    torch.save({"model": model, "optimizer": optimizer, "epoch": epoch, "rng": torch.get_rng_state()}, path)


@pytest.mark.parametrize("save, load, message", [
    (save_as_in_the_solution, load_without("model"), "The model's weights were not restored."),
    (save_as_in_the_solution, load_without("optimizer"), "The optimizer's state was not restored"),
    (save_as_in_the_solution, load_without("rng"), "The random-number state was not restored"),
    (save_as_in_the_solution, load_without("+1"), "load_checkpoint returns 1, but after saving at the end of epoch 1"),
    (save_objects, load_as_in_the_solution, "The checkpoint holds Python objects (UnpicklingError)"),
], ids=["no model", "no optimizer", "no random state", "same epoch again", "pickled objects"])
def test_wrong_checkpoint_is_named(save, load, message):
    with pytest.raises(ExerciseError) as error:
        check_checkpoint(save, load)
    assert str(error.value).startswith(message)


# Exercise 5b: early stopping


@pytest.mark.parametrize("val_losses, patience, stop, why", STOPPING_CASES, ids=[why for *_, why in STOPPING_CASES])
def test_stopping_cases_are_what_lightning_decides(val_losses, patience, stop, why):
    early_stopping = EarlyStopping(monitor="val_loss", patience=patience)
    decisions = [early_stopping._evaluate_stopping_criteria(torch.tensor(loss))[0] for loss in val_losses]
    assert decisions == [False] * (len(val_losses) - 1) + [True] if stop else not any(decisions)


def best_is_old(val_losses, patience):
    return bool(val_losses) and len(val_losses) - 1 - val_losses.index(min(val_losses)) >= patience


def counts_from_the_best(val_losses, patience):
    best, waited = float("inf"), 0
    for val_loss in val_losses:
        best, waited = (val_loss, 0) if val_loss < best else (best, waited + 1)
    return waited >= patience


@pytest.mark.parametrize("should_stop", [best_is_old, counts_from_the_best])
def test_right_early_stopping_passes(should_stop, capsys):
    check_should_stop(should_stop)
    assert capsys.readouterr().out.startswith("Correct: ")


def against_the_previous_value(val_losses, patience):
    waited = 0
    for previous, val_loss in zip(val_losses, val_losses[1:]):
        waited = 0 if val_loss < previous else waited + 1
    return waited >= patience


def one_too_late(val_losses, patience):
    return counts_from_the_best(val_losses, patience + 1)


def equal_counts_as_better(val_losses, patience):
    return counts_from_the_best([v - 1e-9 * i for i, v in enumerate(val_losses)], patience)


@pytest.mark.parametrize("should_stop, message", [
    (against_the_previous_value, "should_stop([5.0, 4.0, 4.5, 4.2], patience=2) returns False, but it should be True"),
    (one_too_late, "should_stop([5.0, 4.0, 4.5, 4.2], patience=2) returns False, but it should be True"),
    (equal_counts_as_better, "should_stop([5.0, 4.0, 4.0, 4.0], patience=2) returns False, but it should be True: "
                             "an equal loss is no improvement"),
], ids=["against the previous value", "one too late", "an equal loss counts as better"])
def test_wrong_early_stopping_is_named(should_stop, message):
    with pytest.raises(ExerciseError) as error:
        check_should_stop(should_stop)
    assert str(error.value).startswith(message)
