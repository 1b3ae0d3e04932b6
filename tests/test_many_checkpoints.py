"""Ten checkpoints or more: the newest is the highest epoch number, not the last name in alphabetical order
("epoch=9.ckpt" sorts after "epoch=10.ckpt"), for both versions."""

from dataclasses import replace
from pathlib import Path

import pytest
import torch

from common.checkpoints import newest_checkpoint
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla

TRAINERS = [
    pytest.param(train_vanilla, id="vanilla"),
    pytest.param(train_lightning, id="lightning"),
]
# 12 training rows in 2 batches (8 + 4), 4 validation rows: small and quick, yet shuffled and validated
CONFIG = TrainConfig(n_samples=16, batch_size=8, shuffle=True, val_fraction=0.25, epochs=12)
SAVED = [f"epoch={epoch}.ckpt" for epoch in range(12)]


def names(folder):
    return sorted(
        (path.name for path in Path(folder).iterdir()), key=lambda name: (len(name), name)
    )


@pytest.mark.parametrize("train", TRAINERS)
def test_a_resume_after_twelve_checkpoints_starts_at_epoch_12_and_ends_as_an_uninterrupted_run(
    train, tmp_path
):
    folder = tmp_path / "ckpt"
    config = replace(CONFIG, checkpoint_dir=str(folder))
    train(config)
    assert names(folder) == SAVED
    # each save is a new file (a rename)
    files = {name: (folder / name).stat().st_ino for name in SAVED}

    resumed = train(replace(config, epochs=14, resume=True))
    assert resumed.resumed_epochs == 12, "resumed from an older checkpoint than epoch=11.ckpt"
    # no copy like epoch=10-v1.ckpt
    assert names(folder) == [*SAVED, "epoch=12.ckpt", "epoch=13.ckpt"]
    assert {name: (folder / name).stat().st_ino for name in SAVED} == files, (
        "an epoch before 12 was saved again"
    )
    uninterrupted = train(replace(CONFIG, epochs=14))
    assert resumed.epochs == uninterrupted.epochs == 14
    for field in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(resumed, field), getattr(uninterrupted, field)), field


@pytest.mark.parametrize(
    "epochs, newest",
    [
        ((9, 10), "epoch=10.ckpt"),
        ((9, 10, 100), "epoch=100.ckpt"),
        ((2, 10, 11, 100, 99), "epoch=100.ckpt"),
    ],
)
def test_the_newest_checkpoint_is_the_highest_epoch_number_not_the_last_name(
    epochs, newest, tmp_path
):
    for epoch in epochs:
        (tmp_path / f"epoch={epoch}.ckpt").write_bytes(b"")
    # higher numbers under names that are no checkpoint of this run: a copy, a save cut short, a folder
    for other in ("epoch=200-v1.ckpt", "epoch=300.ckpt.4242.partial", "last.ckpt", "epoch=400.pt"):
        (tmp_path / other).write_bytes(b"")
    (tmp_path / "epoch=500.ckpt").mkdir()
    assert newest_checkpoint(tmp_path) == tmp_path / newest
    # as config.checkpoint_dir gives it
    assert newest_checkpoint(str(tmp_path)) == tmp_path / newest


def test_an_empty_folder_has_no_newest_checkpoint(tmp_path):
    assert newest_checkpoint(tmp_path) is None
