"""Lesson 5: validation, metrics, early stopping and the real data set, by hand and with Lightning.

The logs are compared in test_logs.py."""

import ast
import hashlib
import inspect
from dataclasses import replace

import pytest
import torch
from torchmetrics.functional import r2_score

import lightning_version.data
import lightning_version.train
import vanilla.data
import vanilla.train
from lightning_version.train import train as train_lightning
from task.config import ConfigError, TrainConfig
from task.recipe import DIABETES_CSV, least_squares, load_diabetes, split_rows
from vanilla.train import train as train_vanilla

TRAINERS = [
    pytest.param(train_vanilla, id="vanilla"),
    pytest.param(train_lightning, id="lightning"),
]


def assert_identical(a, b):
    for field in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(a, field), getattr(b, field)), field
    assert a.epochs == b.epochs


def test_validation_metrics_are_identical():
    config = TrainConfig(val_fraction=0.2, shuffle=True, epochs=4)
    a, b = train_vanilla(config), train_lightning(config)
    assert_identical(a, b)
    assert a.val_loss.shape == a.val_r2.shape == (4,) and bool((a.val_loss.diff() < 0).all())


def test_early_stopping_stops_both_at_the_same_epoch():
    # lr 0.05 converges in a few epochs, after which val_loss stops improving and patience runs out
    config = TrainConfig(
        val_fraction=0.2, shuffle=True, epochs=100, lr=0.05, early_stopping_patience=3
    )
    a, b = train_vanilla(config), train_lightning(config)
    assert_identical(a, b)
    assert a.epochs < 100
    best = int(a.val_loss.argmin())
    assert a.epochs == best + 1 + 3  # stopped after 3 validations without a new best


def test_diabetes_data_is_the_shipped_file():
    assert hashlib.sha256(DIABETES_CSV.read_bytes()).hexdigest() == (
        "36e3fd6f8158bdc41f916d8989653227e5a5dd506c508de3f33febb48213e641"
    )
    X, y = load_diabetes()
    assert X.shape == (442, 10) and y.shape == (442, 1)
    assert y.sum().item() == 67243  # the published target total (mean 152.13)


def test_swapping_in_the_diabetes_data_touches_only_the_data_code(monkeypatch):
    """Diabetes chosen by its flag trains exactly as the synthetic flag does once the data code alone (split_rows, as
    each side's data module calls it) hands out the diabetes rows: nothing outside the data code asks which data set
    it is. A train.py that did (say, a learning rate for diabetes) would make the two runs differ."""
    diabetes = TrainConfig(dataset="diabetes", val_fraction=0.2, shuffle=True, epochs=2)
    by_flag = [train(diabetes) for train in (train_vanilla, train_lightning)]
    rows = split_rows(diabetes)
    for data in (vanilla.data, lightning_version.data):
        monkeypatch.setattr(data, "split_rows", lambda config: rows)
    swapped = replace(diabetes, dataset="synthetic")
    for train, expected in zip((train_vanilla, train_lightning), by_flag):
        assert_identical(train(swapped), expected)
    assert_identical(*by_flag)


def test_the_train_files_neither_import_the_recipe_nor_read_the_data_set_flag():
    for module in (vanilla.train, lightning_version.train):
        nodes = list(ast.walk(ast.parse(inspect.getsource(module))))
        assert not [
            node.module
            for node in nodes
            if isinstance(node, ast.ImportFrom) and node.module == "task.recipe"
        ]
        assert not [
            node for node in nodes if isinstance(node, ast.Attribute) and node.attr == "dataset"
        ]


def test_diabetes_is_standardised_with_training_rows_only():
    X_train, y_train, X_val, _ = split_rows(TrainConfig(dataset="diabetes", val_fraction=0.2))
    assert torch.allclose(X_train.mean(0), torch.zeros(10), atol=1e-5)
    assert torch.allclose(X_train.std(0), torch.ones(10), atol=1e-5)
    # validation rows keep their own spread
    assert not torch.allclose(X_val.mean(0), torch.zeros(10), atol=1e-2)


@pytest.mark.parametrize("train", TRAINERS)
def test_diabetes_r2_reaches_the_least_squares_optimum(train):
    config = TrainConfig(dataset="diabetes", val_fraction=0.2, shuffle=True, epochs=30)
    X_train, y_train, X_val, y_val = split_rows(config)
    w, b = least_squares(X_train, y_train)
    optimum = r2_score(X_val @ w.T + b, y_val).item()  # about 0.58 on this split
    # SGD with lr 0.01 and batches of 10 hovers near the training optimum (measured R2 gap 9e-4 after 30 epochs);
    # a gap below 0.01 means it has converged to the same fit.
    assert abs(train(config).val_r2[-1].item() - optimum) < 0.01


@pytest.mark.parametrize("train", TRAINERS)
def test_sgd_can_beat_least_squares_on_held_out_rows_but_never_on_the_training_rows(train):
    """Least squares minimises the MSE of the training rows, so no weights do better there; the validation rows
    are other rows, where a fit a little off that optimum can by chance do better (lesson 5's R² 0.579 > 0.576)."""
    config = TrainConfig(dataset="diabetes", val_fraction=0.2, shuffle=True, epochs=20)
    X_train, y_train, X_val, y_val = split_rows(config)
    w, b = least_squares(X_train, y_train)
    result = train(config)

    # in float64, so rounding (1e-16) is far below the gaps (3e-3 and 4e-3)
    def mse(weight, bias, X, y):
        return ((X.double() @ weight.double().T + bias.double() - y.double()) ** 2).mean().item()

    assert mse(result.weight, result.bias, X_train, y_train) >= mse(w, b, X_train, y_train)
    assert mse(result.weight, result.bias, X_val, y_val) < mse(w, b, X_val, y_val)
    assert result.val_r2[-1].item() > r2_score(X_val @ w.T + b, y_val).item()


def test_the_diabetes_runs_are_identical():
    config = TrainConfig(dataset="diabetes", val_fraction=0.2, shuffle=True, epochs=3)
    assert_identical(train_vanilla(config), train_lightning(config))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"val_fraction": 1.0}, "--val-fraction must be a number from 0 up to"),
        ({"early_stopping_patience": 2}, "--early-stopping-patience needs --val-fraction above 0"),
        ({"resume": True}, "--resume needs --checkpoint-dir"),
        ({"dataset": "mnist"}, "--dataset must be one of synthetic, diabetes"),
        (
            {"dataset": "diabetes", "n_features": 5},
            "--n-features must be 10 with --dataset diabetes",
        ),
    ],
)
def test_impossible_combinations_name_the_flag(changes, message):
    with pytest.raises(ConfigError, match=message):
        TrainConfig(**changes)


def test_a_val_loss_that_only_ties_its_best_is_no_improvement_in_either_version(monkeypatch):
    """Lightning's EarlyStopping takes a tie for no improvement (`torch.lt`); the vanilla loop's `<` must too.
    An SGD that runs its closure (Lightning's training_step is in it) but moves nothing gives the same val_loss
    every epoch: both stop after the first epoch and `patience` ties."""

    def still(self, closure=None):
        return closure() if closure is not None else None

    monkeypatch.setattr(torch.optim.SGD, "step", still)
    config = TrainConfig(epochs=10, val_fraction=0.2, early_stopping_patience=2)
    ours, theirs = train_vanilla(config), train_lightning(config)
    assert ours.epochs == theirs.epochs == 3
    assert torch.equal(ours.val_loss, theirs.val_loss) and len(set(ours.val_loss.tolist())) == 1
