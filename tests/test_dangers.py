"""Lesson 4: each danger's hand-written fix in vanilla/ and its one Trainer argument give the same weights."""
import ast
import itertools
from pathlib import Path

import pytest
import torch

import lightning_version
from course.cost import FEATURES, cost, labelled_lines
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from task.model import Regressor
from vanilla.train import train as train_vanilla

CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU; CI and most laptops have none")
FALLBACK = "ignore:.*16-mixed.*not supported on CPU:UserWarning"  # tested on its own below


def assert_identical(a, b):
    assert torch.equal(a.step_losses, b.step_losses)
    assert torch.equal(a.weight, b.weight)
    assert torch.equal(a.bias, b.bias)


# device


def test_a_forgotten_to_device_crashes_even_without_a_gpu():
    model = Regressor(10).to("meta")  # stands in for a GPU on a laptop that has none
    x = torch.randn(4, 10)  # the batch nobody moved
    with pytest.raises(RuntimeError, match="Tensor on device meta is not on the expected device cpu!"):
        model(x)


def test_lightning_version_holds_no_device_code():
    for path in Path(lightning_version.__file__).parent.glob("*.py"):
        code = ast.unparse(ast.parse(path.read_text()))  # comments go; docstrings are dropped below
        code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("'", '"')))
        for pattern in (".to(", ".cuda(", "device=", "torch.device"):
            assert pattern not in code, f"{path.name} contains {pattern!r}"


@pytest.mark.parametrize("accelerator", ["cpu", pytest.param("cuda", marks=CUDA)])
def test_both_versions_run_unchanged_on(accelerator):
    config = TrainConfig(accelerator=accelerator, shuffle=True)
    assert_identical(train_vanilla(config), train_lightning(config))


# accumulation, precision, clipping, alone and together


@pytest.mark.filterwarnings(FALLBACK)
@pytest.mark.parametrize("accumulate, precision, clip", list(itertools.product([1, 2, 3], ["32", "bf16-mixed", "16-mixed"], [0.0, 0.5])))
def test_hand_written_fix_equals_the_trainer_flag(accumulate, precision, clip):
    # 10 batches per epoch: windows of 3 leave a short last window of 1, which must step too
    config = TrainConfig(accumulate_grad_batches=accumulate, precision=precision, gradient_clip_val=clip, shuffle=True)
    assert_identical(train_vanilla(config), train_lightning(config))


@pytest.mark.parametrize("field, value", [("accumulate_grad_batches", 3), ("precision", "bf16-mixed"), ("gradient_clip_val", 0.5)])
def test_each_flag_changes_the_weights(field, value):
    """Guards the test above: the flags really act, so 'identical' is not two untouched runs."""
    plain, changed = train_vanilla(TrainConfig()), train_vanilla(TrainConfig(**{field: value}))
    assert not torch.equal(plain.weight, changed.weight)


def test_accumulation_equals_one_large_batch():
    # Two batches of 5, each loss halved, against one batch of 10: the same sum in another order, so float32
    # rounding (about 1e-7 relative per step) is all that may differ: measured 6e-8 after 50 steps; 1e-5 bounds it.
    small = train_vanilla(TrainConfig(batch_size=5, accumulate_grad_batches=2))
    large = train_vanilla(TrainConfig(batch_size=10))
    assert torch.allclose(small.weight, large.weight, rtol=0, atol=1e-5)
    assert torch.allclose(small.bias, large.bias, rtol=0, atol=1e-5)


@pytest.mark.parametrize("train", [train_vanilla, train_lightning], ids=["vanilla", "lightning"])
def test_16_mixed_on_cpu_warns_and_falls_back_to_bf16(train):
    with pytest.warns(UserWarning, match=r"16-mixed.*not supported on CPU.*bf16-mixed"):
        fallback = train(TrainConfig(precision="16-mixed", accelerator="cpu"))
    assert_identical(fallback, train(TrainConfig(precision="bf16-mixed", accelerator="cpu")))


@CUDA
@pytest.mark.parametrize("accumulate, clip", [(1, 0.0), (3, 0.5)])
def test_float16_with_a_grad_scaler_on_cuda(accumulate, clip):
    config = TrainConfig(accelerator="cuda", precision="16-mixed", accumulate_grad_batches=accumulate,
                         gradient_clip_val=clip, shuffle=True)
    assert_identical(train_vanilla(config), train_lightning(config))


# the cost, measured from the code


def test_every_feature_costs_one_trainer_argument_and_several_hand_written_lines():
    for feature, (by_hand, lightning) in cost().items():
        assert lightning == 1, feature
        assert by_hand >= 2, feature
        assert all("L.Trainer" not in line for line in labelled_lines(lightning_version.train, feature))


def test_labels_are_on_the_lines_that_do_the_work():
    assert any("GradScaler" in line for line in labelled_lines(__import__("vanilla.train").train, "precision"))
    assert any("clip_grad_norm_" in line for line in labelled_lines(__import__("vanilla.train").train, "clipping"))
    assert set(FEATURES) == {"device", "accumulation", "precision", "clipping"}
