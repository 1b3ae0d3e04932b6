"""The data recipe: a regression task with a known answer, written once and used by both versions."""
import torch
from torch.utils.data import TensorDataset


def make_data(config):
    """X (N, F), y (N, 1) with y = X @ w_true + b_true + noise; also returns w_true (F,), b_true ()."""
    generator = torch.Generator().manual_seed(config.data_seed)
    X = torch.randn(config.n_samples, config.n_features, generator=generator)
    w_true = torch.randn(config.n_features, generator=generator)
    b_true = torch.randn((), generator=generator)
    noise = config.noise * torch.randn(config.n_samples, generator=generator)
    y = (X @ w_true + b_true + noise).unsqueeze(1)
    return X, y, w_true, b_true


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
