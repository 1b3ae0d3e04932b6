"""Lesson 5: saving and resuming are exact, safe to load, atomic, and fail with a message that says what to do."""

import csv
import errno
import importlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import lightning as L
import pytest
import torch
from lightning.fabric.utilities import cloud_io
from lightning.pytorch.callbacks import Callback
from lightning.pytorch.plugins import TorchCheckpointIO
from torch.utils.data import DataLoader

import common.checkpoints
import lightning_version.train
from common.checkpoints import CheckpointError, load_checkpoint
from lightning_version.checkpoint import SameFolderCheckpointIO
from lightning_version.features.checkpoint import LitRegressor
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from task.recipe import make_data, make_dataset
from vanilla.train import train as train_vanilla

TRAINERS = [
    pytest.param(train_vanilla, id="vanilla"),
    pytest.param(train_lightning, id="lightning"),
]
PACKAGES = ["vanilla", "lightning_version"]
CONFIG = TrainConfig(shuffle=True, epochs=5, val_fraction=0.2)  # 8 training batches an epoch
WEIGHT_KEY = {
    "vanilla": ("model", "linear.weight"),
    "lightning_version": ("state_dict", "model.linear.weight"),
}
HISTORY_KEY = {
    "vanilla": lambda checkpoint: checkpoint["history"],
    "lightning_version": lambda checkpoint: checkpoint["callbacks"]["History"],
}


def flags(config):
    return [
        "--shuffle",
        "--epochs",
        str(config.epochs),
        "--val-fraction",
        str(config.val_fraction),
        "--checkpoint-dir",
        config.checkpoint_dir,
    ]


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=None if env is None else {**os.environ, **env},
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_a_run_killed_mid_epoch_resumes_bitwise_identical(package, tmp_path):
    """And logs as an uninterrupted run does: each run's metrics.csv holds what that run did, so the epoch the kill
    cut short appears twice, cut in the killed run's version_0 and whole in the resumed run's version_1, which
    starts at that epoch; CSVLogger does the same (test_logs.py compares the two logs row for row)."""
    config = replace(CONFIG, checkpoint_dir=str(tmp_path / "ckpt"))
    logs = ["--log-dir", str(tmp_path / "logs")]
    killed = run(
        Path(__file__).with_name("killed_run.py"), "forward", "21", package, *flags(config), *logs
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # in epoch 2
    assert sorted(p.name for p in Path(config.checkpoint_dir).glob("*.ckpt")) == [
        "epoch=0.ckpt",
        "epoch=1.ckpt",
    ]

    resumed = run("-m", package, *flags(config), *logs, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "\n5 epochs, 2 of them resumed from a checkpoint; " in resumed.stdout
    final = load_checkpoint(Path(config.checkpoint_dir) / "epoch=4.ckpt")
    train = train_vanilla if package == "vanilla" else train_lightning
    uninterrupted = train(replace(CONFIG, log_dir=str(tmp_path / "straight")))
    section, key = WEIGHT_KEY[package]
    assert torch.equal(final[section][key], uninterrupted.weight)
    assert torch.equal(HISTORY_KEY[package](final)["step_losses"], uninterrupted.step_losses)
    straight, cut, rest = (
        read_rows(tmp_path / folder / "metrics.csv")
        for folder in ("straight/version_0", "logs/version_0", "logs/version_1")
    )
    epochs_0_1 = [row for row in straight if row[0] in ("0", "1")]
    assert cut[: len(epochs_0_1)] == epochs_0_1 and {row[0] for row in cut[len(epochs_0_1) :]} == {
        "2"
    }
    assert epochs_0_1 + rest == straight


def read_rows(path):
    with path.open(newline="") as file:
        return list(csv.reader(file))[1:]


@pytest.mark.parametrize("train", TRAINERS)
def test_resuming_in_process_equals_an_uninterrupted_run(train, tmp_path):
    folder = str(tmp_path / "ckpt")
    train(replace(CONFIG, epochs=2, checkpoint_dir=folder))
    resumed = train(replace(CONFIG, checkpoint_dir=folder, resume=True))
    uninterrupted = train(CONFIG)
    for field in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(resumed, field), getattr(uninterrupted, field)), field


def test_without_the_random_state_callback_lightning_resumes_a_different_shuffle(
    tmp_path, monkeypatch
):
    """Why RandomState exists: Lightning's own checkpoint holds no random-number state. (The course refuses to resume a
    checkpoint without it, test_checkpoint_integrity.py; that check is turned off here.)"""
    # a callback that saves nothing
    monkeypatch.setattr(lightning_version.train, "RandomState", Callback)
    monkeypatch.setattr(common.checkpoints, "expected_fields", lambda config, writer: {})
    folder = str(tmp_path / "ckpt")
    train_lightning(replace(CONFIG, epochs=2, checkpoint_dir=folder))
    resumed = train_lightning(replace(CONFIG, checkpoint_dir=folder, resume=True))
    assert not torch.equal(resumed.weight, train_lightning(CONFIG).weight)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_checkpoint_loads_with_weights_only(package, tmp_path):
    folder = tmp_path / "ckpt"
    train = train_vanilla if package == "vanilla" else train_lightning
    train(
        replace(
            CONFIG,
            epochs=2,
            checkpoint_dir=str(folder),
            early_stopping_patience=1,
            precision="bf16-mixed",
        )
    )
    saved = sorted(folder.glob("*.ckpt"))
    assert [path.name for path in saved] == ["epoch=0.ckpt", "epoch=1.ckpt"]
    for epoch, path in enumerate(saved):
        checkpoint = torch.load(path, weights_only=True)
        # 8 batches an epoch
        assert len(HISTORY_KEY[package](checkpoint)["step_losses"]) == 8 * (epoch + 1)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_run_killed_halfway_through_writing_a_checkpoint_leaves_the_earlier_ones_whole(
    package, tmp_path
):
    """Both saves write a .partial file beside the checkpoint, then rename it (vanilla/checkpoint.py by hand,
    SameFolderCheckpointIO in Lightning); SIGKILL cuts each with half of epoch 2's bytes written. Epochs 0 and 1 stay
    whole, no epoch=2.ckpt appears, nothing goes to TMPDIR, and a resume continues bitwise."""
    config = replace(CONFIG, checkpoint_dir=str(tmp_path / "ckpt"))
    # scratch: TMPDIR, which no save should use
    folder, scratch = (Path(config.checkpoint_dir), tmp_path / "tmp")
    scratch.mkdir()
    killed = run(
        Path(__file__).with_name("killed_run.py"),
        "save",
        "3",
        package,
        *flags(config),
        env={"TMPDIR": str(scratch)},
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    assert sorted(path.name for path in folder.glob("*.ckpt")) == ["epoch=0.ckpt", "epoch=1.ckpt"]
    half = list(folder.glob("*.partial"))
    assert len(half) == 1 and half[0].stat().st_size > 0, (
        "no half-written file: the crash came before the write"
    )
    assert not list(scratch.iterdir())
    with pytest.raises(OSError):  # half a zip archive: the save really was cut halfway
        torch.load(half[0], weights_only=True)
    uninterrupted = (train_vanilla if package == "vanilla" else train_lightning)(CONFIG)
    for epoch in (0, 1):
        saved = load_checkpoint(folder / f"epoch={epoch}.ckpt")
        assert saved["epoch"] == epoch
        assert torch.equal(
            HISTORY_KEY[package](saved)["step_losses"], uninterrupted.step_losses[: 8 * (epoch + 1)]
        )

    resumed = (train_vanilla if package == "vanilla" else train_lightning)(
        replace(config, resume=True)
    )
    for field in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(resumed, field), getattr(uninterrupted, field)), field


@pytest.fixture
def temp_folder_on_another_file_system(tmp_path):
    """A folder in /dev/shm (in memory) when the checkpoints' file system is another one; skips where there is none."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip(
            "needs /dev/shm on a file system other than the temporary test folder's (Linux)"
        )
    folder = Path(tempfile.mkdtemp(dir=shm))
    yield folder
    shutil.rmtree(folder)


def copy_half_then_die(source, destination, *args, **kwargs):
    """shutil.copyfile cut halfway, as by a crash or a full disk: the half stays under the destination's name."""
    data = Path(source).read_bytes()
    Path(destination).write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_lightnings_own_save_is_not_atomic_when_the_temporary_folder_is_on_another_file_system(
    tmp_path, temp_folder_on_another_file_system, monkeypatch
):
    """Why lightning_version/train.py passes SameFolderCheckpointIO: Lightning's TorchCheckpointIO (_atomic_save)
    writes into an fsspec transaction's temporary file in TMPDIR, and fsspec moves it into place with shutil.move, a
    rename on one file system but a copy into the final name across two. Cut during that copy, it leaves half a
    checkpoint under epoch=0.ckpt, which a resume refuses. The course's plugin never copies: nothing to cut."""
    # as TMPDIR would
    monkeypatch.setattr(tempfile, "tempdir", str(temp_folder_on_another_file_system))
    monkeypatch.setattr(shutil, "copyfile", copy_half_then_die)
    path = tmp_path / "epoch=0.ckpt"
    with pytest.raises(OSError):
        TorchCheckpointIO().save_checkpoint({"weight": torch.ones(3)}, path)
    assert path.stat().st_size > 0  # half a checkpoint, under its final name
    with pytest.raises(CheckpointError, match="epoch=0.ckpt is truncated or corrupted"):
        load_checkpoint(path)

    # never copies: nothing to cut
    SameFolderCheckpointIO().save_checkpoint({"weight": torch.ones(3)}, path)
    assert torch.equal(load_checkpoint(path)["weight"], torch.ones(3))
    assert [file.name for file in tmp_path.iterdir()] == ["epoch=0.ckpt"]


class MakesAFolder:
    """Pickled, it unpickles as a call to os.mkdir: loading a checkpoint that holds it runs code."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return os.mkdir, (self.path,)


def test_weights_only_refuses_a_vanilla_checkpoint_that_would_run_code(tmp_path):
    path, marker = tmp_path / "epoch=0.ckpt", tmp_path / "code-ran"
    torch.save({"model": {"w": torch.ones(1)}, "note": MakesAFolder(marker)}, path)
    with pytest.raises(pickle.UnpicklingError, match=r"unsupported GLOBAL (posix|nt)\.mkdir"):
        torch.load(path, weights_only=True)
    # the loader both versions use
    with pytest.raises(CheckpointError, match="refuses to unpickle"):
        load_checkpoint(path)
    assert not marker.exists()
    torch.load(path, weights_only=False)
    assert marker.is_dir()  # without weights_only, loading ran the code


def quiet_trainer(epochs):
    return L.Trainer(
        max_epochs=epochs,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )


@pytest.fixture
def lightning_checkpoint_that_runs_code(tmp_path):
    """A checkpoint written by Lightning after 1 epoch, with one more entry: a pickled call to os.mkdir."""
    X, y, _, _ = make_data(TrainConfig())
    loader = DataLoader(make_dataset(X, y), batch_size=10)
    trainer = quiet_trainer(1)
    trainer.fit(LitRegressor(), loader)
    path, marker = tmp_path / "epoch=0.ckpt", tmp_path / "code-ran"
    trainer.save_checkpoint(path)
    checkpoint = torch.load(path, weights_only=True)
    torch.save({**checkpoint, "note": MakesAFolder(marker)}, path)
    return lambda weights_only: quiet_trainer(2).fit(
        LitRegressor(), loader, ckpt_path=path, weights_only=weights_only
    ), marker


def test_lightning_fit_with_weights_only_refuses_a_checkpoint_that_would_run_code(
    lightning_checkpoint_that_runs_code,
):
    fit, marker = lightning_checkpoint_that_runs_code
    with pytest.raises(pickle.UnpicklingError, match=r"unsupported GLOBAL (posix|nt)\.mkdir"):
        fit(weights_only=True)
    assert not marker.exists()
    fit(weights_only=False)
    assert marker.is_dir()


def test_lightning_fit_weights_only_none_means_torchs_default_which_the_environment_can_turn_off(
    lightning_checkpoint_that_runs_code, monkeypatch
):
    """Lightning 2.6.6 passes None on to torch.load for a local file; torch 2.13 reads None as True, unless
    TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 is set. So the course passes True: it holds whatever the environment."""
    fit, marker = lightning_checkpoint_that_runs_code
    with pytest.raises(pickle.UnpicklingError):
        fit(weights_only=None)
    assert not marker.exists()
    monkeypatch.setenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "1")
    with pytest.raises(pickle.UnpicklingError):
        fit(weights_only=True)
    assert not marker.exists()
    with pytest.warns(UserWarning, match="TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD detected"):
        fit(weights_only=None)
    assert marker.is_dir()


def test_lightning_loads_a_checkpoint_from_a_url_with_weights_only_false_unless_told(monkeypatch):
    """For http(s) addresses Lightning itself turns weights_only=None into False (cloud_io._load)."""
    asked = []
    monkeypatch.setattr(
        torch.hub, "load_state_dict_from_url", lambda url, **kwargs: asked.append(kwargs)
    )
    cloud_io._load("https://example.org/epoch=0.ckpt", weights_only=None)
    cloud_io._load("https://example.org/epoch=0.ckpt", weights_only=True)
    assert [kwargs["weights_only"] for kwargs in asked] == [False, True]


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_corrupted_checkpoint_is_named_with_what_to_do(package, damage, tmp_path):
    config = replace(CONFIG, epochs=2, checkpoint_dir=str(tmp_path / "ckpt"))
    train_vanilla(config) if package == "vanilla" else train_lightning(config)
    last = Path(config.checkpoint_dir) / "epoch=1.ckpt"
    data = last.read_bytes()
    last.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not a checkpoint")
    with pytest.raises(
        SystemExit
    ) as exit_:  # the CLI's own main(): a subprocess would only add start-up time
        importlib.import_module(f"{package}.__main__").main([*flags(config), "--resume"])
    # sys.exit(message): printed to stderr, exit status 1, no traceback
    message = str(exit_.value.code)
    assert message.startswith(
        f"python -m {package}: error: checkpoint {last} is truncated or corrupted"
    )
    assert "nothing was deleted" in message and "\n" not in message
    assert sorted(p.name for p in last.parent.iterdir()) == ["epoch=0.ckpt", "epoch=1.ckpt"]


@pytest.mark.parametrize("train", TRAINERS)
def test_starting_afresh_over_saved_checkpoints_is_refused(train, tmp_path):
    config = replace(CONFIG, epochs=1, checkpoint_dir=str(tmp_path))
    train(config)
    with pytest.raises(
        CheckpointError, match=r"already holds checkpoints: pass --resume.*nothing was overwritten"
    ):
        train(config)


def test_resume_needs_a_folder_with_checkpoints(tmp_path):
    with pytest.raises(CheckpointError, match="no checkpoint to resume from"):
        train_vanilla(replace(CONFIG, checkpoint_dir=str(tmp_path), resume=True))
