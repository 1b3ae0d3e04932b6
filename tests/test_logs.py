"""Lesson 5: the vanilla CSV log is Lightning's, row for row: same columns, same step numbers, same numbers, and
a version_N folder per run.

How the values are compared: both sides write a Python float (a float32 loss or metric widened to float64 by
`.item()`) with the csv module, which writes `repr(value)`, the shortest text that reads back as that same float.
So two cells hold the same number exactly when their text is equal, and the test compares the text of every cell.
"""

import csv
import math
from dataclasses import replace

import pytest

from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla

TRAINERS = {"vanilla": train_vanilla, "lightning": train_lightning}
CONFIGS = {  # 100 rows in batches of 10 give 10 batches an epoch; held out 20%, 8
    "every-step": TrainConfig(epochs=2, log_every_n_steps=1),
    "every-2nd": TrainConfig(epochs=3, log_every_n_steps=2, shuffle=True),
    "every-3rd": TrainConfig(epochs=3, log_every_n_steps=3),
    "windows-of-3": TrainConfig(epochs=3, accumulate_grad_batches=3, log_every_n_steps=1),
    "windows-of-3-every-3rd": TrainConfig(epochs=4, accumulate_grad_batches=3, log_every_n_steps=3),
    "validated": TrainConfig(epochs=3, val_fraction=0.2, log_every_n_steps=2, shuffle=True),
    "validated-windows-of-3": TrainConfig(
        epochs=3, val_fraction=0.2, accumulate_grad_batches=3, log_every_n_steps=2
    ),
    # 3 steps an epoch: epoch 0's validation is the first row, train_loss comes at step 4 (a new column: the file
    # is written again, its columns sorted)
    "validated-before-any-step-logged": TrainConfig(
        epochs=3, val_fraction=0.2, accumulate_grad_batches=3, log_every_n_steps=5
    ),
    "early-stopping": TrainConfig(
        epochs=100,
        val_fraction=0.2,
        lr=0.05,
        early_stopping_patience=2,
        log_every_n_steps=3,
        shuffle=True,
    ),
}


def read(folder):
    with (folder / "metrics.csv").open(newline="") as file:
        return list(csv.reader(file))


def lightnings_rows(config, result):
    """The rows CSVLogger writes, by the rules in lightning/pytorch/loops/training_epoch_loop.py and
    trainer/connectors/logger_connector: a training row at every log_every_n_steps-th optimizer step (not batch),
    with `step` the number of optimizer steps before it and the loss of the window's last batch; a validation row
    at the end of each epoch, with the step of the epoch's last training row."""
    batches = len(result.step_losses) // result.epochs
    steps_per_epoch = math.ceil(batches / config.accumulate_grad_batches)
    rows = []
    for epoch in range(result.epochs):
        for window in range(steps_per_epoch):
            step = epoch * steps_per_epoch + window
            if (step + 1) % config.log_every_n_steps == 0:
                last_batch = min((window + 1) * config.accumulate_grad_batches, batches) - 1
                rows.append([epoch, step, result.step_losses[epoch * batches + last_batch].item()])
        if config.val_fraction:
            step = (epoch + 1) * steps_per_epoch - 1
            rows.append(
                [epoch, step, "", result.val_loss[epoch].item(), result.val_r2[epoch].item()]
            )
    width = 5 if config.val_fraction else 3
    return [[str(cell) for cell in row] + [""] * (width - len(row)) for row in rows]


@pytest.mark.parametrize("name", CONFIGS)
def test_the_vanilla_log_is_lightnings_row_for_row(name, tmp_path):
    config = CONFIGS[name]
    logs, results = {}, {}
    for side, train in TRAINERS.items():
        results[side] = train(replace(config, log_dir=str(tmp_path / side)))
        assert sorted(path.name for path in (tmp_path / side).iterdir()) == ["version_0"]
        logs[side] = read(tmp_path / side / "version_0")
    header = ["epoch", "step", "train_loss"] + (
        ["val_loss", "val_r2"] if config.val_fraction else []
    )
    assert logs["vanilla"][0] == logs["lightning"][0] == header
    assert len(logs["vanilla"]) == len(logs["lightning"])
    for number, (mine, theirs) in enumerate(zip(logs["vanilla"], logs["lightning"])):
        assert mine == theirs, f"row {number}: vanilla {mine}, lightning {theirs}"
    # the rule, stated independently
    assert logs["lightning"][1:] == lightnings_rows(config, results["lightning"])
    if name == "early-stopping":
        assert results["vanilla"].epochs < config.epochs


@pytest.mark.parametrize("side", TRAINERS)
def test_a_second_run_in_the_same_log_dir_gets_version_1(side, tmp_path):
    config = TrainConfig(epochs=1, log_dir=str(tmp_path))
    TRAINERS[side](config)
    first = read(tmp_path / "version_0")
    TRAINERS[side](replace(config, epochs=2))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["version_0", "version_1"]
    assert read(tmp_path / "version_0") == first  # the first run's log is kept
    assert len(read(tmp_path / "version_1")) == 1 + 2 * 10 // 2


def test_a_resumed_run_logs_to_a_new_folder_and_counts_steps_on(tmp_path):
    config = TrainConfig(
        epochs=4, val_fraction=0.2, accumulate_grad_batches=3, log_every_n_steps=1, shuffle=True
    )
    logs = {}
    for side, train in TRAINERS.items():
        folder = tmp_path / side
        saved = replace(config, log_dir=str(folder / "logs"), checkpoint_dir=str(folder / "ckpt"))
        train(replace(saved, epochs=2))
        train(replace(saved, resume=True))
        logs[side] = read(folder / "logs" / "version_1")
    assert logs["vanilla"] == logs["lightning"]
    # 3 steps an epoch
    assert [row[1] for row in logs["vanilla"][1:]] == ["6", "7", "8", "8", "9", "10", "11", "11"]


# A child that logs rows as vanilla's loop does (train rows, then a row with a new column, which writes the file
# again under the new header, then more), printing how many rows it has written after each.
LOGGING_CHILD = """
import sys
from pathlib import Path
from vanilla.logs import write_csv
path = Path(sys.argv[1])
for step in range(100000):
    row = {"epoch": step // 100, "step": step, "train_loss": step / 7}
    if step >= 300:
        row["val_loss"] = step / 11
    write_csv(path, **row)
    print(step + 1, flush=True)
"""


@pytest.mark.parametrize("rows_before_the_kill", [1, 150, 299, 300, 301, 900])
def test_a_killed_run_keeps_every_row_it_logged_before_the_kill(rows_before_the_kill, tmp_path):
    import signal
    import subprocess
    import sys

    path = tmp_path / "metrics.csv"
    child = subprocess.Popen(
        [sys.executable, "-c", LOGGING_CHILD, str(path)], stdout=subprocess.PIPE, text=True
    )
    with child.stdout:
        for line in child.stdout:
            if int(line) >= rows_before_the_kill:
                child.send_signal(signal.SIGKILL)
                break
    child.wait(timeout=60)
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) >= rows_before_the_kill
    for step, row in enumerate(rows):
        assert (row["step"], row["train_loss"]) == (str(step), repr(step / 7)), step
        assert row.get("val_loss", "") == (repr(step / 11) if step >= 300 else ""), step


@pytest.mark.parametrize(
    "row",
    [
        {"epoch": 0, "step": 3, "train_loss": 0.5},
        {"epoch": 0, "step": 3, "train_loss": 0.5, "val_loss": 0.25},
    ],
    ids=["a row like the others", "a row with a new column"],
)
def test_a_run_killed_while_it_writes_a_row_keeps_every_row_before(row, tmp_path, monkeypatch):
    """The kill, simulated where it hurts: while the csv module writes, after the file was opened."""
    from vanilla.logs import write_csv

    path = tmp_path / "metrics.csv"
    for step in range(3):
        write_csv(path, epoch=0, step=step, train_loss=step / 7)
    before = path.read_text()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(csv.DictWriter, "writerow", killed)
    monkeypatch.setattr(csv.DictWriter, "writerows", killed)
    monkeypatch.setattr(csv.DictWriter, "writeheader", killed)
    with pytest.raises(KeyboardInterrupt):
        write_csv(path, **row)
    assert path.read_text() == before
