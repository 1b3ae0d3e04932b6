"""Lesson 6: the same model on two processes, by hand (torch.distributed) and with one Trainer argument."""
import subprocess
import sys
from dataclasses import replace

import lightning as L
import pytest
import torch
from torch.multiprocessing import ProcessRaisedException
from torch.utils.data import DataLoader

import vanilla.ddp
import vanilla.__main__
from lightning_version.train import LitRegressor, train as train_lightning
from task.config import TrainConfig
from vanilla.ddp import launch
from task.recipe import make_dataset, split_rows
from vanilla.train import train as train_vanilla

TWO = TrainConfig(devices=2, batch_size=5, strategy="ddp_notebook", accelerator="cpu")  # fork: fast, and no script


def test_two_processes_of_5_rows_equal_one_process_of_10():
    # Without shuffling, DistributedSampler deals rows 0, 2, 4... to rank 0 and 1, 3, 5... to rank 1: together each
    # step sees the same 10 rows as one process with batches of 10. The all-reduce adds the two halves' gradients in
    # another order than one batch does, so float32 rounding may differ: measured 1.2e-7, bounded by 1e-6.
    two, one = launch(TWO), train_vanilla(TrainConfig(batch_size=10))
    assert torch.allclose(two.weight, one.weight, rtol=0, atol=1e-6)
    assert torch.allclose(two.bias, one.bias, rtol=0, atol=1e-6)
    assert not torch.equal(two.weight, train_vanilla(TrainConfig(batch_size=5)).weight)  # not just one process


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
def test_hand_written_ddp_equals_lightning_ddp(shuffle):
    config = replace(TWO, shuffle=shuffle)
    by_hand, lightning = launch(config), train_lightning(config)
    assert torch.equal(by_hand.weight, lightning.weight)
    assert torch.equal(by_hand.bias, lightning.bias)


@pytest.mark.filterwarnings("ignore:You defined a `validation_step` but have no `val_dataloader`")
def test_lightnings_own_sampler_shuffles_even_when_the_loader_does_not():
    """The trap: with use_distributed_sampler=True (the default), Lightning swaps in a shuffling DistributedSampler."""
    X, y, _, _ = split_rows(TWO)
    L.seed_everything(TWO.seed, verbose=False)
    model = LitRegressor(TWO.n_features, TWO.lr)
    trainer = L.Trainer(max_epochs=TWO.epochs, accelerator="cpu", devices=2, strategy="ddp_notebook", logger=False,
                        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)
    trainer.fit(model, DataLoader(make_dataset(X, y), batch_size=5, shuffle=False))
    weight = model.model.linear.weight.detach()
    assert not torch.equal(weight, launch(TWO).weight)  # not the in-order run it was given...
    assert torch.equal(weight, launch(replace(TWO, shuffle=True)).weight)  # ...but a shuffled one


def test_a_failing_worker_fails_the_launch_with_its_error(monkeypatch):
    real = vanilla.ddp.train_ddp

    def fail_on_rank_1(config):
        if vanilla.ddp.os.environ["RANK"] == "1":
            raise ValueError("rank 1 broke")
        return real(config)

    monkeypatch.setattr(vanilla.ddp, "train_ddp", fail_on_rank_1)  # the forked workers inherit the patch
    with pytest.raises(ProcessRaisedException, match="rank 1 broke"):
        launch(TWO)


def test_devices_without_a_launcher_says_how_to_launch():
    with pytest.raises(SystemExit) as exit_:
        vanilla.__main__.main(["--devices", "2"])
    assert "start it with torchrun --standalone --nproc-per-node 2 -m vanilla" in str(exit_.value.code)


def test_torchrun_launches_the_vanilla_cli_on_two_cpu_processes():
    torchrun = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]
    done = subprocess.run([*torchrun, "-m", "vanilla", "--devices", "2", "--batch-size", "5", "--epochs", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = launch(replace(TWO, epochs=2)).epoch_losses
    assert done.stdout == "per-epoch loss: " + " ".join(f"{loss:.4f}" for loss in expected.tolist()) + "\n"
