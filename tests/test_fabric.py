"""Lesson 8: the starting loop with Lightning Fabric is bitwise identical to the vanilla loop and to the Trainer
version, in float32 and in bf16-mixed (against the precision stage pair of lesson 4)."""

import functools

import pytest
import torch

import fabric_version.minimal
import lightning_version.features.precision
import lightning_version.minimal
import vanilla.features.precision
import vanilla.minimal
from course.cost import changed_lines
from task.config import TrainConfig

SUMMARY = (
    "ignore:Precision bf16-mixed is not supported by the model summary:UserWarning"  # the Trainer's
)
NEIGHBOURS = {  # precision: the vanilla and the Lightning file with the same effect
    "32": {"vanilla": vanilla.minimal, "lightning": lightning_version.minimal},
    "bf16-mixed": {
        "vanilla": vanilla.features.precision,
        "lightning": lightning_version.features.precision,
    },
}
CASES = [("32", False), ("32", True), ("bf16-mixed", True)]  # bf16 on a CPU is slow: shuffled only


@functools.cache
def fabric_run(precision, shuffle):
    return run(fabric_version.minimal, TrainConfig(shuffle=shuffle, precision=precision))


def run(module, config):
    losses, model = module.train(config)
    return (
        torch.stack(losses).cpu(),
        model.linear.weight.detach().cpu(),
        model.linear.bias.detach().cpu(),
    )


@pytest.mark.filterwarnings(SUMMARY)
@pytest.mark.parametrize("side", ["vanilla", "lightning"])
@pytest.mark.parametrize(
    "precision, shuffle", CASES, ids=[f"{p}-{'shuffled' if s else 'in-order'}" for p, s in CASES]
)
def test_fabric_is_bitwise_identical_to_its_neighbours(precision, shuffle, side):
    expected = run(NEIGHBOURS[precision][side], TrainConfig(shuffle=shuffle, precision=precision))
    losses, weight, bias = fabric_run(precision, shuffle)
    assert len(losses) == 50  # 5 epochs of 10 batches
    assert torch.equal(losses, expected[0])
    assert torch.equal(weight, expected[1])
    assert torch.equal(bias, expected[2])


def test_bf16_mixed_changes_the_run():
    """Guards the test above: in bfloat16 the losses differ from float32's, so the bf16 comparison compares
    something (the forward ran under autocast); they stay within 5% (bfloat16 keeps 8 bits of mantissa)."""
    bf16, float32 = fabric_run("bf16-mixed", True)[0], fabric_run("32", True)[0]
    assert not torch.equal(bf16, float32)
    assert torch.allclose(bf16, float32, rtol=0.05)


def test_fabric_prints_like_the_loop(capsys):
    fabric_version.minimal.train(TrainConfig(epochs=1))
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [
        f"epoch 0 batch {i}" for i in (0, 2, 4, 6, 8)
    ]


def test_fabric_sits_between_the_loop_and_the_trainer():
    """Lesson 8's claim: fewer lines of code change from the loop to Fabric than from Fabric to the Trainer."""
    to_fabric = changed_lines("vanilla/minimal.py", "fabric_version/minimal.py")
    to_trainer = changed_lines("fabric_version/minimal.py", "lightning_version/minimal.py")
    assert 0 < to_fabric < to_trainer
