"""Lesson 4's stage pairs: each feature's vanilla file and its Lightning twin are bitwise identical, and equal the
full versions with the same config; and the device trap inside a LightningModule, on the meta device."""

import importlib

import pytest
import torch
import torch.nn.functional as F

import vanilla.minimal
from course import device_trap
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla

CUDA = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA GPU; CI and most laptops have none"
)
CPU_ONLY = pytest.mark.skipif(
    torch.cuda.is_available(), reason="the CPU fallback: on a GPU machine 16-mixed is float16"
)
FALLBACK = "ignore:.*16-mixed.*not supported on CPU:UserWarning"  # the fallback's warnings are tested on their own
SUMMARY = "ignore:Precision (bf)?16-mixed is not supported by the model summary:UserWarning"  # the minimal Trainer's

CASES = [  # (feature, config): 10 batches an epoch, so windows of 3 and 4 leave a short last window
    *[
        ("accumulation", TrainConfig(accumulate_grad_batches=n, shuffle=shuffle))
        for n in (1, 2, 3, 4)
        for shuffle in (False, True)
    ],
    *[
        ("precision", TrainConfig(precision=precision, shuffle=shuffle))
        for precision in ("32", "bf16-mixed", "16-mixed")
        for shuffle in (False, True)
    ],
    *[
        ("clipping", TrainConfig(gradient_clip_val=clip, shuffle=shuffle))
        for clip in (0.0, 0.1, 0.5)
        for shuffle in (False, True)
    ],
]
IDS = [
    f"{feature}-{config.accumulate_grad_batches}-{config.precision}-{config.gradient_clip_val}-"
    f"{'shuffled' if config.shuffle else 'in-order'}"
    for feature, config in CASES
]


def stage(side, feature):
    return importlib.import_module(f"{side}.features.{feature}")


def assert_same_run(losses, model, other_losses, other_weight, other_bias):
    assert torch.equal(torch.stack(losses).cpu(), other_losses)
    assert torch.equal(model.linear.weight.detach().cpu(), other_weight)
    assert torch.equal(model.linear.bias.detach().cpu(), other_bias)


@pytest.mark.filterwarnings(FALLBACK, SUMMARY)
@pytest.mark.parametrize("feature, config", CASES, ids=IDS)
def test_the_stage_pair_is_bitwise_identical(feature, config):
    losses, model = stage("vanilla", feature).train(config)
    lit_losses, lit_model = stage("lightning_version", feature).train(config)
    assert len(losses) == config.epochs * 10  # one loss per batch, stepped or not
    linear = lit_model.linear
    assert_same_run(
        losses,
        model,
        torch.stack(lit_losses).cpu(),
        linear.weight.detach().cpu(),
        linear.bias.cpu(),
    )


@pytest.mark.filterwarnings(FALLBACK)
@pytest.mark.parametrize("feature, config", CASES, ids=IDS)
def test_the_stage_equals_the_full_versions(feature, config):
    losses, model = stage("vanilla", feature).train(config)
    for full in (train_vanilla(config), train_lightning(config)):
        assert_same_run(losses, model, full.step_losses, full.weight, full.bias)


@CUDA
@pytest.mark.filterwarnings(SUMMARY)
@pytest.mark.parametrize(
    "feature, config",
    [
        ("precision", TrainConfig(precision="16-mixed", shuffle=True)),
        ("precision", TrainConfig(precision="bf16-mixed", shuffle=True)),
        ("accumulation", TrainConfig(accumulate_grad_batches=3, shuffle=True)),
        ("clipping", TrainConfig(gradient_clip_val=0.1, shuffle=True)),
    ],
    ids=["16-mixed", "bf16-mixed", "accumulation", "clipping"],
)
def test_the_stage_pair_is_bitwise_identical_on_cuda(feature, config):
    """On a GPU, 16-mixed is float16 with a GradScaler: scale, step (which unscales), update."""
    losses, model = stage("vanilla", feature).train(config)
    lit_losses, lit_model = stage("lightning_version", feature).train(config)
    linear = lit_model.linear
    assert_same_run(
        losses,
        model,
        torch.stack(lit_losses).cpu(),
        linear.weight.detach().cpu(),
        linear.bias.cpu(),
    )
    full = train_lightning(config)
    assert_same_run(losses, model, full.step_losses, full.weight, full.bias)


@pytest.mark.parametrize(
    "feature, config",
    [
        ("accumulation", TrainConfig(accumulate_grad_batches=3)),
        ("precision", TrainConfig(precision="bf16-mixed")),
        ("clipping", TrainConfig(gradient_clip_val=0.1)),
    ],
    ids=["accumulation", "precision", "clipping"],
)
def test_each_stage_changes_the_run(feature, config):
    """Guards the tests above: the feature really acts, so 'identical' is not two copies of minimal.py."""
    _, plain = vanilla.minimal.train(config)
    _, changed = stage("vanilla", feature).train(config)
    assert not torch.equal(plain.linear.weight, changed.linear.weight)


@CPU_ONLY
@pytest.mark.filterwarnings(SUMMARY)
def test_16_mixed_on_a_cpu_is_the_bf16_run_in_both_stages():
    bf16_losses, bf16_model = stage("vanilla", "precision").train(
        TrainConfig(precision="bf16-mixed")
    )
    bf16 = (
        torch.stack(bf16_losses),
        bf16_model.linear.weight.detach(),
        bf16_model.linear.bias.detach(),
    )
    with pytest.warns(
        UserWarning, match=r"^precision='16-mixed' is not supported on CPU: using 'bf16-mixed'"
    ):
        losses, model = stage("vanilla", "precision").train(TrainConfig(precision="16-mixed"))
    assert_same_run(losses, model, *bf16)
    with pytest.warns(
        UserWarning,
        match=r"^You passed `Trainer\(accelerator='cpu', precision='16-mixed'\)` but AMP "
        r"with fp16 is not supported on CPU\. Using `precision='bf16-mixed'` instead",
    ):
        losses, model = stage("lightning_version", "precision").train(
            TrainConfig(precision="16-mixed")
        )
    assert_same_run(losses, model, *bf16)


# the device trap inside a LightningModule


def a_batch():
    torch.manual_seed(0)
    return torch.randn(8, 10), torch.randn(8, 1)


@pytest.mark.parametrize("variant", device_trap.VARIANTS, ids=lambda variant: variant.__name__)
def test_every_variant_computes_the_mean_squared_error_on_a_cpu(variant):
    """So the broken one passes on a laptop: the trap only springs on another device."""
    x, y = batch = a_batch()
    module = variant(10)
    assert torch.equal(module.training_step(batch, 0), F.mse_loss(module.model(x), y))


def test_a_tensor_made_on_the_cpu_in_training_step_springs_the_trap_on_meta():
    with pytest.raises(RuntimeError, match=f"^{device_trap.TRAP}$"):
        device_trap.on_meta(device_trap.Broken, a_batch())


@pytest.mark.parametrize("variant", device_trap.FIXED, ids=lambda variant: variant.__name__)
def test_a_tensor_made_where_the_batch_is_runs_on_meta(variant):
    loss = device_trap.on_meta(variant, a_batch())
    assert loss.device.type == "meta" and loss.shape == () and loss.grad_fn is not None


@CUDA
@pytest.mark.parametrize("variant", device_trap.VARIANTS, ids=lambda variant: variant.__name__)
def test_on_a_gpu_only_the_broken_variant_fails(variant):
    module = variant(10).to("cuda")
    batch = [tensor.to("cuda") for tensor in a_batch()]
    if variant is device_trap.Broken:
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
            module.training_step(batch, 0)
    else:
        assert module.training_step(batch, 0).device.type == "cuda"


def test_ones_like_and_type_as_follow_the_batch_to_meta():
    _, y = a_batch()
    y = y.to("meta")
    assert torch.ones_like(y).device.type == torch.ones(8, 1).type_as(y).device.type == "meta"


def test_a_buffer_moves_with_the_module_and_is_saved_in_its_state_dict():
    module = device_trap.Buffer(10)
    assert "row_weight" in module.state_dict()
    assert module.to("meta").row_weight.device.type == "meta"
