"""Lesson 6: the same model on two processes, by hand (torch.distributed) and with Trainer arguments."""

import subprocess
import sys
from dataclasses import replace

import pytest
import torch
from torch.multiprocessing import ProcessRaisedException

import lightning_version.features.ddp
import vanilla.__main__
import vanilla.ddp
import vanilla.features.ddp
from common.checks import RunError
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.ddp import launch
from vanilla.train import train as train_vanilla

# fork: fast, and no script
TWO = TrainConfig(devices=2, batch_size=5, strategy="ddp_notebook", accelerator="cpu")


def _feature(result):
    """(rank 0's per-step losses or None, weight, bias) of a feature file's (losses, model)."""
    losses, model = result
    return (
        torch.stack(losses) if losses else None,
        model.linear.weight.detach(),
        model.linear.bias.detach(),
    )


def _full(result):
    """The same of a full version's TrainResult."""
    return result.step_losses if len(result.step_losses) else None, result.weight, result.bias


RUNS = {  # the four DDP versions, each started on two processes; what each returns, in one shape
    "vanilla feature": lambda config: _feature(launch(config, vanilla.features.ddp.train)),
    "lightning feature": lambda config: _feature(lightning_version.features.ddp.train(config)),
    "vanilla full": lambda config: _full(launch(config)),
    "lightning full": lambda config: _full(train_lightning(config)),
}


@pytest.fixture(scope="module")
def run():
    """run(version, shuffle): each DDP run starts two processes, so each is made once for all the tests here."""
    done = {}

    def run(version, shuffle):
        if (
            version,
            shuffle,
        ) not in done:  # forked processes cannot use CUDA: after it, they are spawned
            strategy = "ddp_spawn" if torch.cuda.is_initialized() else "ddp_notebook"
            done[version, shuffle] = RUNS[version](replace(TWO, shuffle=shuffle, strategy=strategy))
        return done[version, shuffle]

    return run


def assert_bitwise_equal(a, b):
    (losses_a, *weights_a), (losses_b, *weights_b) = a, b
    assert all(torch.equal(one, two) for one, two in zip(weights_a, weights_b)), "weights differ"
    # a forking Lightning run leaves its losses in the workers
    if losses_a is not None and losses_b is not None:
        assert torch.equal(losses_a, losses_b), "rank 0's per-step losses differ"


def test_the_feature_pair_is_bitwise_identical(run):
    """Shuffled, as Lightning's own sampler always is: the two lesson 6 files give the same weights."""
    assert_bitwise_equal(run("vanilla feature", True), run("lightning feature", True))


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
@pytest.mark.parametrize("full", ["vanilla full", "lightning full"])
def test_the_vanilla_feature_equals_the_full_versions(run, full, shuffle):
    losses, _, _ = run("vanilla feature", shuffle)
    assert len(losses) == TWO.epochs * 10  # rank 0's steps: 50 of the 100 rows an epoch, 5 a batch
    assert_bitwise_equal(run("vanilla feature", shuffle), run(full, shuffle))


def test_lightnings_own_sampler_shuffles_even_when_the_loader_does_not(run):
    """The trap: Trainer(devices=2) swaps in a DistributedSampler that shuffles, whatever the loader asked."""
    asked_in_order = run("lightning feature", False)
    # not the in-order run...
    assert not torch.equal(asked_in_order[1], run("vanilla feature", False)[1])
    assert_bitwise_equal(asked_in_order, run("vanilla feature", True))  # ...but the shuffled one


def test_two_processes_of_5_rows_equal_one_process_of_10(run):
    # Without shuffling, DistributedSampler deals rows 0, 2, 4... to rank 0 and 1, 3, 5... to rank 1: together each
    # step sees the same 10 rows as one process with batches of 10. The all-reduce adds the two halves' gradients in
    # another order than one batch does, so float32 rounding may differ: measured 1.2e-7, bounded by 1e-6.
    _, weight, bias = run("vanilla feature", False)
    # on the CPU: CUDA would stop later forks
    one = train_vanilla(replace(TWO, devices=1, batch_size=10))
    assert torch.allclose(weight, one.weight, rtol=0, atol=1e-6)
    assert torch.allclose(bias, one.bias, rtol=0, atol=1e-6)
    # not just one process
    assert not torch.equal(weight, train_vanilla(replace(TWO, devices=1)).weight)


def test_the_vanilla_feature_prints_from_rank_0_only(capfd):
    launch(replace(TWO, epochs=1), vanilla.features.ddp.train)
    printed = capfd.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [
        f"epoch 0 batch {i}" for i in (0, 2, 4, 6, 8)
    ]


def fail_on_rank_1(config):
    if vanilla.ddp.os.environ["RANK"] == "1":
        raise ValueError("rank 1 broke")
    return vanilla.ddp.train_ddp(config)  # rank 0 waits for rank 1 in its first all-reduce


def test_a_failing_worker_fails_the_launch_with_its_error():
    with pytest.raises(ProcessRaisedException, match="rank 1 broke"):
        # a module's function: spawned processes import it too
        launch(replace(TWO, epochs=1), fail_on_rank_1)


@pytest.mark.parametrize(
    "platform, cuda_used, expected",
    [
        ("linux", False, "fork"),
        ("linux", True, "spawn"),
        ("darwin", False, "spawn"),
        ("win32", False, "spawn"),
    ],
)
def test_launch_forks_only_on_linux_before_cuda(platform, cuda_used, expected, monkeypatch):
    monkeypatch.setattr(vanilla.ddp.sys, "platform", platform)
    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: cuda_used)
    started = []

    def start_processes(*args, start_method, **kwargs):
        started.append(start_method)
        raise RuntimeError("stop before starting")

    monkeypatch.setattr(vanilla.ddp.mp, "start_processes", start_processes)
    with pytest.raises(RuntimeError, match="stop before starting"):
        launch(TWO)
    assert started == [expected]


def test_spawned_processes_train_exactly_as_forked_ones():
    config = replace(TWO, epochs=2, shuffle=True)
    forked, spawned = launch(config, start_method="fork"), launch(config, start_method="spawn")
    for name in ("step_losses", "weight", "bias"):
        assert torch.equal(getattr(forked, name), getattr(spawned, name)), name


def test_lightning_refuses_to_fork_after_cuda_was_used_with_one_line(monkeypatch):
    """From Python only: the command lines refuse --strategy ddp_notebook (test_flags_refused.py)."""
    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: True)
    with pytest.raises(
        RunError, match="^--strategy ddp_notebook forks this process, which has used CUDA"
    ) as refused:
        train_lightning(TWO)
    assert str(refused.value).endswith("or pass --strategy ddp_spawn") and "\n" not in str(
        refused.value
    )


def test_devices_without_a_launcher_says_how_to_launch(capsys):
    with pytest.raises(SystemExit) as exit_:
        vanilla.__main__.main(["--devices", "2"])
    assert exit_.value.code == 2  # refused at parse time: nothing started
    assert (
        "start it with torchrun --standalone --nproc-per-node 2 -m vanilla"
        in capsys.readouterr().err
    )


def test_torchrun_launches_the_vanilla_cli_on_two_cpu_processes():
    torchrun = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc-per-node",
        "2",
    ]
    done = subprocess.run(
        [*torchrun, "-m", "vanilla", "--devices", "2", "--batch-size", "5", "--epochs", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    config = replace(TWO, epochs=2)
    assert done.stdout == launch(config).summary(config) + "\n"
