"""Lesson 4: each danger's hand-written fix in vanilla/ and its one Trainer argument give the same weights."""

import ast
import io
import itertools
import re
import shutil
import tokenize
from pathlib import Path

import lightning as L
import pytest
import torch
import torch.nn.functional as F

import course.cost
import lightning_version
from course.cost import LESSON_4, SIDES, cost, stage_path
from course.sidebyside import code_of, feature_rows
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from task.model import Regressor
from vanilla.train import train as train_vanilla

CUDA = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA GPU; CI and most laptops have none"
)
FALLBACK = "ignore:.*16-mixed.*not supported on CPU:UserWarning"  # tested on its own below


def assert_identical(a, b):
    assert torch.equal(a.step_losses, b.step_losses)
    assert torch.equal(a.weight, b.weight)
    assert torch.equal(a.bias, b.bias)


# device


def test_a_forgotten_to_device_crashes_even_without_a_gpu():
    model = Regressor(10).to("meta")  # stands in for a GPU on a laptop that has none
    x = torch.randn(4, 10)  # the batch nobody moved
    with pytest.raises(
        RuntimeError, match="Tensor on device meta is not on the expected device cpu!"
    ):
        model(x)


def test_lightning_version_holds_no_device_code():
    for path in Path(lightning_version.__file__).parent.rglob("*.py"):  # features/ too
        code = ast.unparse(ast.parse(path.read_text()))  # comments go; docstrings are dropped below
        code = "\n".join(
            line for line in code.splitlines() if not line.lstrip().startswith(("'", '"'))
        )
        for pattern in (".to(", ".cuda(", "device=", "torch.device"):
            assert pattern not in code, f"{path.name} contains {pattern!r}"


@pytest.mark.parametrize("accelerator", ["cpu", pytest.param("cuda", marks=CUDA)])
def test_both_versions_run_unchanged_on(accelerator):
    config = TrainConfig(accelerator=accelerator, shuffle=True)
    assert_identical(train_vanilla(config), train_lightning(config))


# accumulation, precision, clipping, alone and together


@pytest.mark.filterwarnings(FALLBACK)
@pytest.mark.parametrize(
    "accumulate, precision, clip",
    list(itertools.product([1, 2, 3], ["32", "bf16-mixed", "16-mixed"], [0.0, 0.5])),
)
def test_hand_written_fix_equals_the_trainer_flag(accumulate, precision, clip):
    # 10 batches per epoch: windows of 3 leave a short last window of 1, which must step too
    config = TrainConfig(
        accumulate_grad_batches=accumulate,
        precision=precision,
        gradient_clip_val=clip,
        shuffle=True,
    )
    assert_identical(train_vanilla(config), train_lightning(config))


@pytest.mark.parametrize(
    "field, value",
    [("accumulate_grad_batches", 3), ("precision", "bf16-mixed"), ("gradient_clip_val", 0.5)],
)
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
    config = TrainConfig(
        accelerator="cuda",
        precision="16-mixed",
        accumulate_grad_batches=accumulate,
        gradient_clip_val=clip,
        shuffle=True,
    )
    assert_identical(train_vanilla(config), train_lightning(config))


# precision: what the lesson says about it


def test_a_cpu_has_float16_autocast():
    """Falling back to bf16 on a CPU is Lightning's choice, not a limit of torch."""
    with torch.autocast("cpu", dtype=torch.float16):
        assert Regressor(10)(torch.randn(4, 10)).dtype == torch.float16


def test_lightning_chooses_bf16_for_16_mixed_on_a_cpu():
    with pytest.warns(
        UserWarning,
        match=r"^You passed `Trainer\(accelerator='cpu', precision='16-mixed'\)` but AMP "
        r"with fp16 is not supported on CPU\. Using `precision='bf16-mixed'` instead\.$",
    ):
        trainer = L.Trainer(accelerator="cpu", precision="16-mixed", logger=False)
    assert trainer.precision == "bf16-mixed"


@pytest.mark.parametrize("half", [torch.bfloat16, torch.float16], ids=["bfloat16", "float16"])
def test_autocast_runs_the_linear_layer_in_16_bits_and_the_loss_in_float32(half):
    x, y = torch.randn(4, 10), torch.randn(4, 1)
    with torch.autocast("cpu", dtype=half):
        y_hat = Regressor(10)(x)
        loss = F.mse_loss(y_hat, y)
    assert (y_hat.dtype, loss.dtype) == (half, torch.float32)


def test_the_scaler_step_unscales_then_skips_a_step_whose_gradients_overflowed():
    torch.manual_seed(0)
    x, y = torch.randn(4, 10), torch.randn(4, 1)
    plain, scaled = Regressor(10), Regressor(10)
    scaled.load_state_dict(plain.state_dict())
    F.mse_loss(plain(x), y).backward()
    torch.optim.SGD(plain.parameters(), lr=0.1).step()
    scaler, optimizer = (
        torch.amp.GradScaler("cpu", init_scale=2.0**10),
        torch.optim.SGD(scaled.parameters(), lr=0.1),
    )
    scaler.scale(F.mse_loss(scaled(x), y)).backward()
    # a power of 2: exact
    assert torch.equal(scaled.linear.weight.grad, plain.linear.weight.grad * 2**10)
    scaler.step(optimizer)
    scaler.update()
    # the step used the unscaled gradients
    assert torch.equal(scaled.linear.weight, plain.linear.weight)
    before = scaled.linear.weight.detach().clone()
    optimizer.zero_grad()
    scaler.scale(F.mse_loss(scaled(x), y)).backward()
    scaled.linear.weight.grad[0, 0] = float("inf")
    scaler.step(optimizer)
    scaler.update()
    # skipped, scale halved
    assert torch.equal(scaled.linear.weight, before) and scaler.get_scale() == 2.0**9


# the cost, measured from the code


def test_each_lesson_4_feature_is_one_trainer_argument_in_lightning():
    for feature in LESSON_4:
        assert cost([feature])[feature][1] == 1, feature
        added = [line for mark, line in feature_rows("lightning_version", feature) if mark in "+-"]
        # a flag passed on
        assert len(added) == 1 and re.fullmatch(r"\w+=config\.\w+,", code_of(added[0])), added


WORK = {  # feature: what its hand-written lines must do
    "accumulation": (
        "% config.accumulate_grad_batches == 0",
        "optimizer.zero_grad()",
        "/ config.accumulate_grad_batches",
        "optimizer.step()",
        "len(train_loader)",
    ),
    "precision": (
        "torch.autocast(",
        "torch.amp.GradScaler(",
        "scaler.scale(loss).backward()",
        "scaler.step(optimizer)",
        "scaler.update()",
        "warnings.warn(",
    ),
    "clipping": ("if config.gradient_clip_val > 0:", "torch.nn.utils.clip_grad_norm_("),
}


@pytest.mark.parametrize("feature", LESSON_4)
def test_by_hand_each_feature_costs_the_lines_that_do_its_work(feature):
    by_hand = cost([feature])[feature][0]
    added = "\n".join(line for mark, line in feature_rows("vanilla", feature) if mark == "+")
    assert by_hand >= len(WORK[feature]) >= 2
    for work in WORK[feature]:
        assert work in added, work


def reworded(path):
    """The file with every comment replaced by another, and every call that fits on its line wrapped over three."""
    text = path.read_text()
    lines = text.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            code = lines[row - 1][:col]
            lines[row - 1] = f"{code.rstrip()}  # reworded" if code.strip() else f"{code}# reworded"
    out = []
    for line in lines:
        code = line.partition("  # reworded")[0]
        opening = code.find("(")
        if opening > 0 and code.endswith(")") and _closes_at_end(code, opening):
            indent = " " * (len(code) - len(code.lstrip()))
            out += [
                code[: opening + 1] + "  # rewrapped",
                f"{indent}        {code[opening + 1 : -1]}",
                f"{indent}){line[len(code) :]}",
            ]
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _closes_at_end(code, opening):
    depth = 0
    for i, char in enumerate(code[opening:], opening):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return i == len(code) - 1
    return False


@pytest.fixture
def stage_copy(tmp_path, monkeypatch):
    """The stage files copied to tmp_path, which course.cost then measures instead of the repository."""
    for side in SIDES:
        for name in {"minimal", *LESSON_4}:
            target = tmp_path / stage_path(side, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(course.cost.ROOT / stage_path(side, name), target)
    monkeypatch.setattr(course.cost, "ROOT", tmp_path)
    return tmp_path


def test_no_comment_edit_or_rewrap_changes_the_cost(stage_copy):
    before = cost(LESSON_4)
    for side in SIDES:
        for name in {"minimal", *LESSON_4}:
            path = stage_copy / stage_path(side, name)
            text = reworded(path)
            # it was edited
            assert "# reworded" in text and "# rewrapped" in text and "step 1" not in text, path
            ast.parse(text)
            path.write_text(text)
    assert cost(LESSON_4) == before


def test_one_more_line_of_code_changes_the_cost(stage_copy):
    """Guards the test above: the copy is what cost() measures, and it counts code."""
    before = cost(["clipping"])["clipping"]
    path = stage_copy / stage_path("vanilla", "clipping")
    path.write_text(
        path.read_text().replace("    losses = []\n", "    losses = []\n    steps = 0\n")
    )
    assert cost(["clipping"])["clipping"] == (before[0] + 1, before[1])
