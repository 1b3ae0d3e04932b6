"""Lesson 5: saving and resuming are exact, safe to load, atomic, and fail with a message that says what to do."""
import importlib
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from lightning.pytorch.callbacks import Callback

import lightning_version.train
from lightning_version.train import train as train_lightning
from task.checkpoints import CheckpointError, load_checkpoint
from vanilla.checkpoint import save_checkpoint
from task.config import TrainConfig
from vanilla.train import train as train_vanilla

TRAINERS = [pytest.param(train_vanilla, id="vanilla"), pytest.param(train_lightning, id="lightning")]
PACKAGES = ["vanilla", "lightning_version"]
CONFIG = TrainConfig(shuffle=True, epochs=5, val_fraction=0.2)  # 8 training batches an epoch
WEIGHT_KEY = {"vanilla": ("model", "linear.weight"), "lightning_version": ("state_dict", "model.linear.weight")}
HISTORY_KEY = {"vanilla": lambda checkpoint: checkpoint["history"],
               "lightning_version": lambda checkpoint: checkpoint["callbacks"]["History"]}


def flags(config):
    return ["--shuffle", "--epochs", str(config.epochs), "--val-fraction", str(config.val_fraction),
            "--checkpoint-dir", config.checkpoint_dir]


def run(*args):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_run_killed_mid_epoch_resumes_bitwise_identical(package, tmp_path):
    config = replace(CONFIG, checkpoint_dir=str(tmp_path / "ckpt"))
    killed = run(Path(__file__).with_name("killed_run.py"), "21", package, *flags(config))  # epoch 2, batch 5
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert sorted(p.name for p in Path(config.checkpoint_dir).glob("*.ckpt")) == ["epoch=0.ckpt", "epoch=1.ckpt"]

    resumed = run("-m", package, *flags(config), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    final = load_checkpoint(Path(config.checkpoint_dir) / "epoch=4.ckpt")
    uninterrupted = (train_vanilla if package == "vanilla" else train_lightning)(CONFIG)
    section, key = WEIGHT_KEY[package]
    assert torch.equal(final[section][key], uninterrupted.weight)
    assert torch.equal(HISTORY_KEY[package](final)["step_losses"], uninterrupted.step_losses)


@pytest.mark.parametrize("train", TRAINERS)
def test_resuming_in_process_equals_an_uninterrupted_run(train, tmp_path):
    folder = str(tmp_path / "ckpt")
    train(replace(CONFIG, epochs=2, checkpoint_dir=folder))
    resumed = train(replace(CONFIG, checkpoint_dir=folder, resume=True))
    uninterrupted = train(CONFIG)
    for field in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(resumed, field), getattr(uninterrupted, field)), field


def test_without_the_random_state_callback_lightning_resumes_a_different_shuffle(tmp_path, monkeypatch):
    """Why RandomState exists: Lightning's own checkpoint holds no random-number state."""
    monkeypatch.setattr(lightning_version.train, "RandomState", Callback)  # a callback that saves nothing
    folder = str(tmp_path / "ckpt")
    train_lightning(replace(CONFIG, epochs=2, checkpoint_dir=folder))
    resumed = train_lightning(replace(CONFIG, checkpoint_dir=folder, resume=True))
    assert not torch.equal(resumed.weight, train_lightning(CONFIG).weight)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_checkpoint_loads_with_weights_only(package, tmp_path):
    folder = tmp_path / "ckpt"
    train = train_vanilla if package == "vanilla" else train_lightning
    train(replace(CONFIG, epochs=2, checkpoint_dir=str(folder), early_stopping_patience=1, precision="bf16-mixed"))
    saved = sorted(folder.glob("*.ckpt"))
    assert [path.name for path in saved] == ["epoch=0.ckpt", "epoch=1.ckpt"]
    for epoch, path in enumerate(saved):
        checkpoint = torch.load(path, weights_only=True)
        assert len(HISTORY_KEY[package](checkpoint)["step_losses"]) == 8 * (epoch + 1)  # 8 batches an epoch


def test_a_crash_during_a_save_leaves_the_last_good_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "epoch=0.ckpt"
    save_checkpoint({"w": torch.ones(3)}, path)

    def crash_halfway(state, file):
        Path(file).write_bytes(b"PK\x03\x04 half a checkpoint")
        raise KeyboardInterrupt

    monkeypatch.setattr(torch, "save", crash_halfway)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint({"w": torch.zeros(3)}, path)
    assert torch.equal(load_checkpoint(path)["w"], torch.ones(3))


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_corrupted_checkpoint_is_named_with_what_to_do(package, damage, tmp_path):
    config = replace(CONFIG, epochs=2, checkpoint_dir=str(tmp_path / "ckpt"))
    train_vanilla(config) if package == "vanilla" else train_lightning(config)
    last = Path(config.checkpoint_dir) / "epoch=1.ckpt"
    data = last.read_bytes()
    last.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not a checkpoint")
    with pytest.raises(SystemExit) as exit_:  # the CLI's own main(): a subprocess would only add start-up time
        importlib.import_module(f"{package}.__main__").main([*flags(config), "--resume"])
    message = str(exit_.value.code)  # sys.exit(message): printed to stderr, exit status 1, no traceback
    assert message.startswith(f"python -m {package}: error: checkpoint {last} is truncated or corrupted")
    assert "nothing was deleted" in message and "\n" not in message
    assert sorted(p.name for p in last.parent.iterdir()) == ["epoch=0.ckpt", "epoch=1.ckpt"]


@pytest.mark.parametrize("train", TRAINERS)
def test_starting_afresh_over_saved_checkpoints_is_refused(train, tmp_path):
    config = replace(CONFIG, epochs=1, checkpoint_dir=str(tmp_path))
    train(config)
    with pytest.raises(CheckpointError, match=r"already holds checkpoints: pass --resume.*nothing was overwritten"):
        train(config)


def test_resume_needs_a_folder_with_checkpoints(tmp_path):
    with pytest.raises(CheckpointError, match="no checkpoint to resume from"):
        train_vanilla(replace(CONFIG, checkpoint_dir=str(tmp_path), resume=True))
