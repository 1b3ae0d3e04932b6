"""Lesson 7: each debugging flag runs the batches the few hand-written lines of course/debug_flags.py run, compared
with torch.equal batch by batch, on a shuffled loader; and fast_dev_run writes no log and no checkpoint."""

import contextlib
import os

import lightning as L
import pytest
import torch
from lightning.pytorch.loggers import CSVLogger
from torch.utils.data import DataLoader

import lightning_version.features.validation as stage
from course import debug_flags
from task.config import TrainConfig
from task.recipe import make_dataset, split_rows

# 8 training and 2 validation batches an epoch
CONFIG = TrainConfig(shuffle=True, val_fraction=0.2, epochs=3)
SHUFFLING_OFF = (
    "You requested to overfit but enabled train dataloader shuffling. We are turning off"
)
pytestmark = pytest.mark.filterwarnings(  # the CSV logger's, on a run of fewer than 50 batches
    "ignore:The number of training batches .* is smaller than the logging interval"
)
CASES = {  # flag: (the vanilla function, the Trainer arguments)
    "limit": (debug_flags.limit_batches, dict(limit_train_batches=3, limit_val_batches=1)),
    "overfit": (debug_flags.overfit_batches, dict(overfit_batches=2)),
    "fast_dev_run": (debug_flags.fast_dev_run, dict(fast_dev_run=2)),
}


def setup():
    """Seeded as the stage's train() is: the loaders, then the module (its initial weights draw random numbers)."""
    L.seed_everything(CONFIG.seed, verbose=False)
    X, y, X_val, y_val = split_rows(CONFIG)
    train_loader = DataLoader(
        make_dataset(X, y), batch_size=CONFIG.batch_size, shuffle=CONFIG.shuffle
    )
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=CONFIG.batch_size)
    return train_loader, val_loader, stage.LitRegressor(CONFIG.n_features, CONFIG.lr)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{flag: (Lightning's batches, the vanilla lines' batches, the Trainer, its folder)}."""
    results = {}
    for flag, (by_hand, arguments) in CASES.items():
        folder = tmp_path_factory.mktemp(flag)
        train_loader, val_loader, model = setup()
        batches = debug_flags.Batches()
        trainer = L.Trainer(
            max_epochs=CONFIG.epochs,
            callbacks=[batches],
            default_root_dir=folder,
            logger=CSVLogger(folder),
            enable_progress_bar=False,
            **arguments,
        )
        expected = (
            pytest.warns(UserWarning, match=SHUFFLING_OFF)
            if flag == "overfit"
            else contextlib.nullcontext()
        )
        with expected:
            trainer.fit(model, train_loader, val_loader)
        train_loader, val_loader, _ = setup()
        train, val = [], []
        by_hand(
            train_loader, val_loader, CONFIG.epochs, train.append, val.append, *arguments.values()
        )
        results[flag] = batches, (train, val), trainer, folder
    return results


def assert_same_batches(lightning, by_hand):
    assert len(lightning) == len(by_hand)
    for i, (mine, theirs) in enumerate(zip(lightning, by_hand)):
        assert all(torch.equal(a, b) for a, b in zip(mine, theirs)), f"batch {i} differs"


@pytest.mark.parametrize(
    "flag, train_batches, val_batches",
    [("limit", 3 * 3, 3 * 1), ("overfit", 3 * 2, 3 * 2), ("fast_dev_run", 2, 2)],
)
def test_the_flag_runs_the_batches_the_vanilla_lines_run(runs, flag, train_batches, val_batches):
    lightning, (train, val), *_ = runs[flag]
    assert (len(lightning.train), len(lightning.val)) == (train_batches, val_batches)
    assert_same_batches(lightning.train, train)
    assert_same_batches(lightning.val, val)


def test_overfit_batches_turns_shuffling_off_and_repeats_the_first_batches(runs):
    """The fixture expects Lightning's warning that it turns shuffling off (pytest.warns fails without it)."""
    lightning, *_ = runs["overfit"]
    first, loader = (
        lightning.train[:2],
        DataLoader(setup()[0].dataset, batch_size=CONFIG.batch_size),
    )
    assert_same_batches(first, list(loader)[:2])  # the dataset's first rows, in order
    assert_same_batches(lightning.train, first * CONFIG.epochs)


def test_limit_batches_keeps_the_shuffle(runs):
    """Guards the first test: a shuffled loader gives other batches each epoch, so the vanilla lines must
    draw the same random numbers in the same order as Lightning to pass it."""
    lightning, *_ = runs["limit"]
    assert not torch.equal(lightning.train[0][0], lightning.train[3][0])


def test_fast_dev_run_writes_no_log_and_no_checkpoint(runs):
    *_, trainer, folder = runs["fast_dev_run"]
    assert os.listdir(folder) == []
    assert (trainer.max_epochs, trainer.num_sanity_val_steps, trainer.global_step) == (1, 0, 2)
    assert type(trainer.logger).__name__ == "DummyLogger"
    limit_folder = runs["limit"][3]
    assert os.listdir(limit_folder) != []  # the same Trainer without fast_dev_run writes there
