"""Lesson 5b: a trained model saved, loaded and used. Each side's predictions and test metrics on held-out rows are
bitwise equal to the other side's and to the model's before saving; weights from another version of the model are
refused in one line. That a fresh process, which never trains, loads and uses the files alike is proven once, in
notebooks/05b_loading_for_inference.ipynb ("Under the hood: loading in a fresh process", run by nbval): a second Python start costs seconds.
"""

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import lightning_version.features.inference
import vanilla.features.inference
from common.checkpoints import CheckpointError
from task.config import TrainConfig
from task.recipe import make_dataset, split_rows

STAGES = {
    "vanilla": vanilla.features.inference,
    "lightning_version": lightning_version.features.inference,
}
# not the module's default of 10 features
CONFIG = TrainConfig(val_fraction=0.2, shuffle=True, n_features=4)


def held_out():
    """(inputs, rows): loaders of the held-out rows, inputs only for predicting, with targets for testing."""
    _, _, X_test, y_test = split_rows(CONFIG)
    return (
        DataLoader(TensorDataset(X_test), batch_size=CONFIG.batch_size),
        DataLoader(make_dataset(X_test, y_test), batch_size=CONFIG.batch_size),
    )


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """{side: (checkpoint path, losses, the trained Regressor before saving)}."""
    folder = tmp_path_factory.mktemp("inference")
    return {
        side: (folder / f"{side}.ckpt", *stage.train(CONFIG, folder / f"{side}.ckpt"))
        for side, stage in STAGES.items()
    }


def test_training_is_bitwise_equal_on_both_sides(saved):
    (_, losses_v, model_v), (_, losses_l, model_l) = saved.values()
    assert torch.equal(torch.stack(losses_v), torch.stack(losses_l))
    assert all(
        torch.equal(a, b)
        for a, b in zip(model_v.state_dict().values(), model_l.state_dict().values())
    )


def test_loaded_predictions_and_test_metrics_are_bitwise_equal_to_the_model_before_saving(saved):
    inputs, rows = held_out()
    path, _, before = saved["vanilla"]
    expected = (
        vanilla.features.inference.predict(before, inputs),
        vanilla.features.inference.test(before, rows),
    )
    assert expected[0].shape == (20, 1) and expected[1].keys() == {"test_loss", "test_r2"}
    for side, stage in STAGES.items():
        loaded = stage.load(saved[side][0])
        predictions, metrics = stage.predict(loaded, inputs), stage.test(loaded, rows)
        assert torch.equal(predictions.cpu(), expected[0]), side
        assert metrics == expected[1], side  # floats: bitwise equal float32 values


def renamed_layer(path, folder):
    """The file as a version of the model whose layer was called `fc`, not `linear`, would have saved it."""
    checkpoint = torch.load(path, weights_only=True)
    checkpoint["state_dict"] = {
        name.replace("linear.", "fc."): value for name, value in checkpoint["state_dict"].items()
    }
    torch.save(checkpoint, folder / "renamed.ckpt")
    return folder / "renamed.ckpt"


@pytest.mark.parametrize("side", STAGES)
def test_weights_of_another_version_are_refused_in_one_line(saved, side, tmp_path):
    stage, path = STAGES[side], saved[side][0]
    with pytest.raises(CheckpointError) as renamed:
        stage.load(renamed_layer(path, tmp_path))
    with pytest.raises(CheckpointError) as resized:
        stage.load(path, n_features=10)
    prefix = "model." if side == "lightning_version" else ""
    for refused in (renamed, resized):
        assert "\n" not in str(
            refused.value
        ) and "load it with the code and hyperparameters" in str(refused.value)
    assert (
        f"missing there: {prefix}linear.bias, {prefix}linear.weight; not in this model: {prefix}fc.bias"
        in str(renamed.value)
    )
    assert f"({prefix}linear.weight is (1, 4) there, (1, 10) here)" in str(resized.value)


def test_without_the_check_torch_refuses_in_several_lines(saved):
    """Why common/loading.py exists: load_state_dict's own refusal is a message of several lines."""
    state = torch.load(saved["vanilla"][0], weights_only=True)["state_dict"]
    model = vanilla.features.inference.Regressor(10)
    with pytest.raises(RuntimeError) as refused:
        model.load_state_dict(state)
    assert str(refused.value).count("\n") >= 1 and "size mismatch for linear.weight" in str(
        refused.value
    )
