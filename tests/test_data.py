import pytest
import torch

from task.config import TrainConfig
from task.recipe import least_squares, make_data, make_dataset
from vanilla.data import make_loaders


def test_data_has_the_seed_shape_and_a_known_answer():
    X, y, w_true, b_true = make_data(TrainConfig())
    assert (
        X.shape == (100, 10)
        and y.shape == (100, 1)
        and w_true.shape == (10,)
        and b_true.shape == ()
    )
    residual = y.squeeze(1) - (X @ w_true + b_true)
    assert 0.05 < residual.std() < 0.2  # the noise, std 0.1


def test_data_does_not_change_with_the_training_seed():
    a, b = make_data(TrainConfig(seed=1)), make_data(TrainConfig(seed=2))
    assert all(torch.equal(x, y) for x, y in zip(a, b))


def test_least_squares_matches_the_normal_equations():
    X, y, _, _ = make_data(TrainConfig())
    w, b = least_squares(X, y)
    X1 = torch.cat([X, torch.ones(100, 1)], 1).double()
    gradient = X1.T @ (X1 @ torch.cat([w.flatten(), b]).double().unsqueeze(1) - y.double())
    assert gradient.abs().max() < 1e-4  # zero up to the float32 rounding of the returned w, b


def test_flat_targets_are_rejected_with_the_fix():
    X, y, _, _ = make_data(TrainConfig())
    with pytest.raises(ValueError, match=r"got \(100,\).*\(N, N\).*y\.view\(-1, 1\)"):
        make_dataset(X, y.squeeze(1))


def test_flat_targets_would_broadcast_silently():
    """Why the check exists: a perfect prediction (N, 1) against flat targets (N,) scores over N x N pairs."""
    _, y, _, _ = make_data(TrainConfig())
    y_hat = y.clone()
    assert torch.nn.functional.mse_loss(y_hat, y) == 0
    # only a warning: the number is still computed
    with pytest.warns(UserWarning, match="broadcast"):
        wrong = torch.nn.functional.mse_loss(y_hat, y.squeeze(1))
    assert (y_hat - y.squeeze(1)).shape == (100, 100)
    assert wrong > 1


def test_loader_yields_batches_of_the_configured_size():
    train_loader, val_loader = make_loaders(TrainConfig(batch_size=7))
    x, y = next(iter(train_loader))
    assert x.shape == (7, 10) and y.shape == (7, 1) and val_loader is None


def test_validation_rows_are_held_out_of_training():
    train_loader, val_loader = make_loaders(TrainConfig(val_fraction=0.2))
    train_rows, val_rows = train_loader.dataset.tensors[0], val_loader.dataset.tensors[0]
    assert len(train_rows) == 80 and len(val_rows) == 20
    assert not (train_rows[:, None, :] == val_rows[None, :, :]).all(-1).any()  # no row in both
