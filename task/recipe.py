"""The data recipe: a regression task with a known answer, or the diabetes data; written once, used
by both versions."""

import csv
import math
from pathlib import Path

import torch
from torch.utils.data import TensorDataset

from common.checks import RunError

DIABETES_CSV = Path(__file__).with_name("diabetes.csv")
DIABETES_COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]
DIABETES_ROWS = 442


class DataError(RunError):
    """A damaged data file; the message names the file, the line and how to restore it."""


def make_data(config):
    """X (N, F), y (N, 1) with y = X @ w_true + b_true + noise;
    also returns w_true (F,), b_true ()."""
    generator = torch.Generator().manual_seed(config.data_seed)
    X = torch.randn(config.n_samples, config.n_features, generator=generator)
    w_true = torch.randn(config.n_features, generator=generator)
    b_true = torch.randn((), generator=generator)
    noise = config.noise * torch.randn(config.n_samples, generator=generator)
    y = (X @ w_true + b_true + noise).unsqueeze(1)
    return X, y, w_true, b_true


def load_diabetes():
    """The diabetes data shipped with the package (see DIABETES.md): X (442, 10), y (442, 1), raw
    units.

    A damaged file (missing, empty, cut short, a cell that is not a finite number, a column or row
    too many or too few) raises DataError, rather than training on whatever was left.
    """

    def damaged(problem):
        return DataError(
            f"{DIABETES_CSV} {problem}: restore the shipped file (git checkout -- "
            "task/diabetes.csv, or reinstall the course)"
        )

    try:
        with DIABETES_CSV.open(newline="") as file:
            lines = list(csv.reader(file))
    except (OSError, UnicodeDecodeError) as error:
        raise damaged(
            f"cannot be read ({getattr(error, 'strerror', None) or type(error).__name__})"
        ) from None
    if not lines or lines[0] != DIABETES_COLUMNS:
        raise damaged(
            f"should start with the header {','.join(DIABETES_COLUMNS)}" if lines else "is empty"
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != len(DIABETES_COLUMNS):
            raise damaged(f"line {number} has {len(line)} values, not {len(DIABETES_COLUMNS)}")
        try:
            rows.append([float(value) for value in line])
        except ValueError:
            raise damaged(f"line {number} holds a value that is not a number") from None
        if not all(math.isfinite(value) for value in rows[-1]):
            raise damaged(f"line {number} holds a value that is not a finite number")
    if len(rows) != DIABETES_ROWS:
        raise damaged(f"holds {len(rows)} rows of data, not {DIABETES_ROWS}")
    table = torch.tensor(rows)
    return table[:, :-1], table[:, -1:]


def split_sizes(config):
    """(training rows, validation rows) of the split the config asks for."""
    rows = DIABETES_ROWS if config.dataset == "diabetes" else config.n_samples
    n_val = round(config.val_fraction * rows)
    return rows - n_val, n_val


def split_rows(config):
    """(X_train, y_train, X_val, y_val): the last val_fraction of the rows, in a seeded order, are
    held out."""
    if config.dataset == "diabetes":
        X, y = load_diabetes()
    else:
        X, y, _, _ = make_data(config)
    n_val = split_sizes(config)[1]
    if n_val:
        order = torch.randperm(len(X), generator=torch.Generator().manual_seed(config.data_seed))
        X, y = X[order], y[order]
    X_train, y_train, X_val, y_val = (
        X[: len(X) - n_val],
        y[: len(X) - n_val],
        X[len(X) - n_val :],
        y[len(X) - n_val :],
    )
    # columns in years, mmHg, mg/dL...: put them on one scale, from training rows only
    if config.dataset == "diabetes":
        X_mean, X_std, y_mean, y_std = (
            X_train.mean(0),
            X_train.std(0),
            y_train.mean(0),
            y_train.std(0),
        )
        X_train, X_val = (X_train - X_mean) / X_std, (X_val - X_mean) / X_std
        y_train, y_val = (y_train - y_mean) / y_std, (y_val - y_mean) / y_std
    return X_train, y_train, X_val, y_val


def make_dataset(X, y):
    """Pairs rows of X with rows of y, refusing targets that would broadcast in the loss."""
    if X.ndim != 2:
        raise ValueError(f"inputs must have shape (N, features), got {tuple(X.shape)}")
    if y.ndim != 2 or y.shape != (X.shape[0], 1):
        raise ValueError(
            f"targets must have shape ({X.shape[0]}, 1) to match the model's output, "
            f"got {tuple(y.shape)}: against an (N, 1) output, a target of shape (N,) "
            f"broadcasts the loss to (N, N) and trains on the wrong numbers. "
            f"Fix: reshape the targets with y.view(-1, 1)."
        )
    return TensorDataset(X, y)


def least_squares(X, y):
    """The closed-form optimum of the MSE: weight (1, F) and bias (1,), solved in float64."""
    X1 = torch.cat([X, torch.ones(len(X), 1)], dim=1).double()
    solution = torch.linalg.lstsq(X1, y.double()).solution
    return solution[:-1].T.to(X.dtype), solution[-1].to(X.dtype)
