"""Every run ends honestly: each class of fault a careful user can cause ends both command lines with one line that
names the flag or the file and what to do, the same rule on both sides, and nothing saved is lost.

Signals and a second run in a folder in use are tried on real processes in test_faults_signals.py; a SIGKILL mid-epoch
or mid-save, and damaged checkpoints, in test_checkpoints.py. README's table "Bad input, honestly refused" is made from
FAULTS below (python tests/test_faults.py prints it), and a test keeps the two equal.
"""

import importlib
import os
import re
import shutil
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest
import torch
from lightning.pytorch.callbacks import Callback
from printed import epoch_table
from test_flags_refused import LAUNCHES as LAUNCHER_VARIABLES
from test_flags_refused import NOTHING_CHANGES

import lightning_version.callbacks
import lightning_version.train
from common.checkpoints import MAY_CHANGE, CheckpointError, load_checkpoint
from common.checks import Diverged
from common.cli import one_run_at_a_time
from lightning_version.train import train as train_lightning
from task import recipe
from task.config import TrainConfig, flag
from vanilla.train import train as train_vanilla

SIDES = {"vanilla": train_vanilla, "lightning_version": train_lightning}
TINY = TrainConfig(n_samples=20, epochs=2)  # 2 batches an epoch


def cli(package, argv, capsys):
    """(exit status, what the command printed last on stderr) of a CLI's main() that is expected to fail."""
    with pytest.raises(SystemExit) as exit_:
        importlib.import_module(f"{package}.__main__").main([str(arg) for arg in argv])
    code = exit_.value.code
    # sys.exit(message): Python prints it to stderr and exits with status 1
    if isinstance(code, str):
        return 1, code
    return code, capsys.readouterr().err.rstrip("\n")


def flags(config):
    """The command-line flags that make config."""
    argv = []
    for field in fields(TrainConfig):
        value = getattr(config, field.name)
        if value != field.default:
            argv += [flag(field.name)] if value is True else [flag(field.name), value]
    return argv


# Flags changed on resume ---------------------------------------------------------------------------------------------

SAVED = replace(TINY, n_features=3, epochs=1)
CHANGED = dict(
    dataset="diabetes",
    n_samples=30,
    n_features=10,
    noise=0.2,
    data_seed=1,
    seed=1,
    lr=0.02,
    lr_decay=0.5,
    batch_size=5,
    shuffle=True,
    devices=2,
    num_nodes=2,
    precision="bf16-mixed",
    accumulate_grad_batches=2,
    gradient_clip_val=0.5,
    val_fraction=0.2,
    early_stopping_patience=1,
)
# and new log and checkpoint folders
ALLOWED = dict(epochs=3, log_every_n_steps=1, accelerator="cpu")


def test_every_flag_is_either_compared_on_resume_or_allowed_to_change():
    """Guards the test below: a field added to TrainConfig must be changed there, or be allowed to change."""
    assert sorted([*CHANGED, *MAY_CHANGE]) == sorted(field.name for field in fields(TrainConfig))


@pytest.mark.parametrize("side", SIDES)
def test_resume_refuses_every_flag_that_changes_the_run_naming_saved_and_new_values(side, tmp_path):
    saved = replace(SAVED, checkpoint_dir=str(tmp_path))
    SIDES[side](saved)
    with pytest.raises(CheckpointError) as refused:
        SIDES[side](replace(saved, resume=True, epochs=2, **CHANGED))
    message = str(refused.value)
    assert message.startswith(
        f"--resume would change the run saved in {tmp_path / 'epoch=0.ckpt'}: "
    )
    changes = message.split(": ", 1)[1].rsplit(". Pass", 1)[0].split("; ")
    named = [
        re.fullmatch(r"(--[\w-]+) saved (.+), now (.+)", change).groups() for change in changes
    ]
    assert [name for name, _, _ in named] == sorted(flag(name) for name in CHANGED)
    for name, old, new in named:
        field = name[2:].replace("-", "_")
        assert (old, new) == (repr(getattr(SAVED, field)), repr(CHANGED[field]))
    assert message.endswith(
        "Pass the saved values to continue it, or start a new run in another --checkpoint-dir"
    )
    assert "\n" not in message and [path.name for path in tmp_path.glob("*.ckpt")] == [
        "epoch=0.ckpt"
    ]


# as lightning_version/__init__
@pytest.mark.filterwarnings("ignore:The dirpath has changed from:UserWarning")
@pytest.mark.parametrize("side", SIDES)
def test_resume_allows_more_epochs_and_new_folders_and_says_what_it_resumed(side, tmp_path, capsys):
    saved = replace(SAVED, checkpoint_dir=str(tmp_path / "ckpt"))
    SIDES[side](saved)
    folder = (tmp_path / "ckpt").rename(tmp_path / "moved")
    importlib.import_module(f"{side}.__main__").main(
        [
            str(arg)
            for arg in flags(
                replace(
                    saved,
                    resume=True,
                    log_dir=str(tmp_path / "logs"),
                    checkpoint_dir=str(folder),
                    **ALLOWED,
                )
            )
        ]
    )
    printed = capsys.readouterr().out
    assert "\n3 epochs, 1 of them resumed from a checkpoint; " in printed
    assert list(epoch_table(printed)["train_loss"]) == [0, 1, 2]  # the resumed epoch too
    assert sorted(path.name for path in folder.glob("*.ckpt")) == [
        f"epoch={n}.ckpt" for n in range(3)
    ]


@pytest.mark.parametrize("side", SIDES)
def test_resume_refuses_a_checkpoint_of_the_other_version(side, tmp_path):
    other = "lightning_version" if side == "vanilla" else "vanilla"
    SIDES[other](replace(TINY, checkpoint_dir=str(tmp_path)))
    with pytest.raises(CheckpointError) as refused:
        SIDES[side](replace(TINY, epochs=3, checkpoint_dir=str(tmp_path), resume=True))
    assert str(refused.value) == (
        f"checkpoint {tmp_path / 'epoch=1.ckpt'} was written by python -m {other}, not "
        f"python -m {side}: resume it with the command that wrote it, or start afresh in "
        "another --checkpoint-dir"
    )


@pytest.mark.parametrize("side", SIDES)
def test_resume_with_nothing_left_to_train_is_refused_with_status_1(side, tmp_path, capsys):
    """Exit status 1, not 0: the run asked for (2 epochs) is not what the folder holds (3), and a 0 would let a
    script that resumes into the wrong folder carry on as if it had trained."""
    config = replace(TINY, epochs=3, checkpoint_dir=str(tmp_path))
    SIDES[side](config)
    for epochs in (2, 3):
        status, line = cli(side, [*flags(replace(config, epochs=epochs)), "--resume"], capsys)
        assert (status, line) == (
            1,
            f"python -m {side}: error: {tmp_path / 'epoch=2.ckpt'} holds 3 epochs already, "
            f"and --epochs {epochs} leaves nothing to train: pass --epochs 4 or more to train "
            "on",
        )


# NaN and infinity ----------------------------------------------------------------------------------------------------

DIVERGING = {  # config -> the line both sides stop with; 2 batches an epoch, or 1 with a validation after it
    "train_loss": (replace(TINY, epochs=4, lr=1e10), "train_loss became inf at epoch 1, batch 0"),
    "val_loss": (
        replace(TINY, epochs=4, lr=1e10, batch_size=20, val_fraction=0.2),
        "val_loss became inf at the validation of epoch 1",
    ),
    "val_loss, early stopping on": (
        replace(
            TINY, epochs=4, lr=1e10, batch_size=20, val_fraction=0.2, early_stopping_patience=2
        ),
        "val_loss became inf at the validation of epoch 1",
    ),
    "huge data": (replace(TINY, noise=1e30), "train_loss became inf at epoch 0, batch 0"),
}


@pytest.mark.parametrize("case", DIVERGING)
def test_a_nan_or_inf_stops_both_versions_at_the_same_step_with_one_line_keeping_the_last_good_checkpoint(
    case, tmp_path, capsys
):
    config, where = DIVERGING[case]
    for side in SIDES:
        folder = tmp_path / side
        status, line = cli(side, flags(replace(config, checkpoint_dir=str(folder))), capsys)
        kept = sorted(folder.glob("*.ckpt"))
        assert (status, line) == (
            1,
            f"python -m {side}: error: {where}, so the run stopped there: lower --lr, or "
            "look for huge or missing values in the data; "
            + (
                f"the checkpoint before it is kept: {kept[-1]}"
                if kept
                else "no checkpoint was saved"
            ),
        )
        for path in kept:  # every checkpoint saved holds finite numbers only
            assert all(
                torch.isfinite(value).all()
                for value in load_checkpoint(path)[
                    "state_dict" if side[0] == "l" else "model"
                ].values()
            )


def test_lightnings_own_checks_would_end_a_diverged_run_as_a_success(tmp_path, monkeypatch):
    """Why the Lightning side adds StopOnNaN: in 2.6.6 no Trainer option stops at a NaN loss (the run trains on to
    max_epochs), and EarlyStopping(check_finite=True), checked once an epoch, ends fit normally after ModelCheckpoint
    has saved the non-finite epoch."""
    # a callback that checks nothing
    monkeypatch.setattr(lightning_version.train, "StopOnNaN", Callback)
    config, _ = DIVERGING["val_loss"]
    trained_on = train_lightning(config)
    # all 4 epochs, to inf
    assert trained_on.epochs == 4 and not torch.isfinite(trained_on.step_losses[-1])
    stopped = train_lightning(
        replace(config, early_stopping_patience=3, checkpoint_dir=str(tmp_path))
    )
    # stopped where val_loss became inf...
    assert stopped.epochs == 2 and torch.isinf(stopped.val_loss[-1])
    saved = load_checkpoint(tmp_path / "epoch=1.ckpt")  # ...after saving that epoch
    assert torch.isinf(saved["callbacks"]["History"]["val_loss"][-1])


def test_the_nan_check_names_the_value_the_step_and_the_causes():
    with pytest.raises(
        Diverged, match=r"^train_loss became nan at epoch 3, batch 7, so the run stopped there"
    ):
        lightning_version.callbacks.check_finite("train_loss", torch.tensor(float("nan")), 3, 7)


# Impossible launches -------------------------------------------------------------------------------------------------

LAUNCHES = {
    "nodes without a launcher": (
        ["--num-nodes", "2"],
        {},
        "--num-nodes 2 needs the other machines' processes, "
        "which only a launcher starts (torchrun --nnodes, or srun under SLURM): start this "
        "command under one on every machine, or use --num-nodes 1",
    ),
    "more GPUs than there are": (
        ["--devices", "3", "--strategy", "ddp"],
        {"gpus": 2},
        "--devices 3 asks for a "
        "process per device, and this machine has 2 CUDA GPUs: use --devices 2 or fewer, "
        "or --accelerator cpu",
    ),
    "more processes than cores": (
        ["--devices", "1000", "--accelerator", "cpu"],
        {},
        "--devices 1000 asks for a "
        "process per device, and this machine has {cores} CPU cores: use --devices {cores} "
        "or fewer",
    ),
}


@pytest.mark.parametrize("package", SIDES)
@pytest.mark.parametrize("case", LAUNCHES)
def test_an_impossible_launch_is_refused_before_any_process_starts(
    case, package, monkeypatch, capsys
):
    argv, machine, message = LAUNCHES[case]
    for name in ("TORCHELASTIC_RUN_ID", "SLURM_NTASKS"):
        monkeypatch.delenv(name, raising=False)
    if "gpus" in machine:  # a CUDA machine with 2 GPUs
        monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
        monkeypatch.setattr(torch.cuda, "device_count", lambda: machine["gpus"])
    trainer = importlib.import_module(f"{package}.train")  # what the command line calls
    monkeypatch.setattr(trainer, "train", lambda config: pytest.fail("training started"))
    status, line = cli(package, argv, capsys)
    assert status == 2
    assert (
        line == f"python -m {package}: error: {message.format(cores=os.cpu_count())} (see --help)"
    )


# A crowded checkpoint folder -----------------------------------------------------------------------------------------

STRAYS = [
    "epoch=final.ckpt",
    "epoch=1.ckpt.1234.partial",
    "notes.txt",
    "best.ckpt",
    "epoch=x.ckpt",
    ".DS_Store",
]


@pytest.mark.parametrize("side", SIDES)
def test_a_folder_with_other_files_resumes_from_the_newest_epoch_and_leaves_them_alone(
    side, tmp_path
):
    config = replace(TINY, checkpoint_dir=str(tmp_path))
    SIDES[side](config)
    for name in STRAYS:
        (tmp_path / name).write_bytes(b"not ours")
    resumed = SIDES[side](replace(config, epochs=3, resume=True))
    assert resumed.resumed_epochs == 2 and resumed.epochs == 3
    assert all((tmp_path / name).read_bytes() == b"not ours" for name in STRAYS)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("resume", [True, False], ids=["resume", "fresh"])
def test_a_folder_that_two_runs_saved_into_is_refused(side, resume, tmp_path):
    config = replace(TINY, checkpoint_dir=str(tmp_path))
    SIDES[side](config)
    # what Lightning saves for a second run
    shutil.copy(tmp_path / "epoch=1.ckpt", tmp_path / "epoch=1-v1.ckpt")
    with pytest.raises(
        CheckpointError,
        match=r"holds epoch=1-v1.ckpt, the name Lightning gives a second checkpoint",
    ):
        SIDES[side](replace(config, epochs=3, resume=resume))


@pytest.mark.parametrize("package", SIDES)
def test_a_folder_in_use_is_refused_naming_the_run_that_holds_it(package, tmp_path, capsys):
    """The lock is the operating system's (flock), so two opens of the lock file conflict even in one process; the
    real second process is tried in test_faults_signals.py."""
    with one_run_at_a_time(replace(TINY, checkpoint_dir=str(tmp_path)), "the first run"):
        status, line = cli(package, flags(replace(TINY, checkpoint_dir=str(tmp_path))), capsys)
    assert status == 1
    assert re.fullmatch(
        rf"python -m {package}: error: {tmp_path} is in use by pid {os.getpid()} on \S+ \(the "
        r"first run, started [\d-]+ [\d:]+\): wait for that run to end, or choose another "
        r"--checkpoint-dir",
        line,
    )
    # and the holder's lock is gone
    assert not list(tmp_path.glob("*.ckpt")) and not (tmp_path / ".lock").exists()


# Splits, folders, values that cannot work: refused at parse time, status 2 ---------------------------------------------

AT_PARSE_TIME = {
    "splits": [
        (
            ["--val-fraction", "0.001", "--early-stopping-patience", "2"],
            "--val-fraction 0.001 holds out 0 of 100 rows, and validation needs 2 or more: raise it, or pass 0 for no "
            "validation",
        ),
        (
            ["--val-fraction", "0.01"],
            "--val-fraction 0.01 holds out 1 of 100 rows, and validation needs 2 or more",
        ),
        (
            ["--val-fraction", "0.999"],
            "--val-fraction 0.999 leaves 0 of 100 rows to train on, and training needs 2 "
            "or more: lower it, or add --n-samples",
        ),
        (
            ["--dataset", "diabetes", "--val-fraction", "0.998"],
            "--val-fraction 0.998 leaves 1 of 442 rows to train on",
        ),
        (["--n-samples", "1"], "--n-samples must be a whole number >= 2, got 1"),
    ],
    "values": [
        (["--seed", "-1"], "--seed must be a whole number >= 0, got -1"),
        (
            ["--seed", str(2**32)],
            "--seed must be a whole number from 0 to 4294967295, got 4294967296",
        ),
        (["--data-seed", str(2**64)], "--data-seed must be a whole number from 0 to 4294967295"),
        (["--batch-size", str(10**20)], "--batch-size must be a whole number from 1 to 2147483647"),
        (
            ["--accumulate-grad-batches", str(10**20)],
            "--accumulate-grad-batches must be a whole number from 1 to",
        ),
        (["--epochs", str(10**20)], "--epochs must be a whole number from 1 to 2147483647"),
        (["--n-samples", str(10**15)], "--n-samples must be a whole number from 2 to 2147483647"),
        (
            ["--n-samples", "100000000"],
            "--n-samples x --n-features is 1000000000 values, made in memory: keep "
            "n_samples x n_features at most 100000000",
        ),
        (["--lr", "inf"], "--lr must be a finite number, got inf"),
        (["--noise", "inf"], "--noise must be a finite number, got inf"),
        (["--lr", "nan"], "--lr must be a number > 0, got nan"),
    ],
}


@pytest.mark.parametrize("package", SIDES)
@pytest.mark.parametrize("kind", AT_PARSE_TIME)
def test_splits_and_values_that_cannot_work_are_refused_at_parse_time(kind, package, capsys):
    for argv, message in AT_PARSE_TIME[kind]:
        status, line = cli(package, argv, capsys)
        assert status == 2 and line.startswith(f"python -m {package}: error: {message}"), line
        assert line.endswith("(see --help)") and "\n" not in line


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder where no file can be created, for root too (chattr +i) where chmod is not enough; skips where
    neither can make one."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    try:
        (folder / "probe").touch()
    except OSError:
        pass
    else:  # root ignores the mode bits
        (folder / "probe").unlink()
        immutable = shutil.which("chattr") and os.system(f"chattr +i '{folder}' 2>/dev/null") == 0
        if not immutable:
            pytest.skip("no way to make a read-only folder here")
    yield folder
    if immutable:
        os.system(f"chattr -i '{folder}'")
    folder.chmod(0o755)


@pytest.mark.parametrize("package", SIDES)
def test_a_folder_that_is_a_file_or_cannot_be_written_is_refused_at_parse_time(
    package, tmp_path, read_only_folder, capsys
):
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    cases = [
        (
            ["--checkpoint-dir", a_file],
            f"--checkpoint-dir {a_file} is a file, not a folder: choose another path",
        ),
        (
            ["--log-dir", a_file / "logs"],
            f"--log-dir {a_file / 'logs'} is inside {a_file}, which is a file, not a "
            "folder: choose another path",
        ),
        (
            ["--checkpoint-dir", read_only_folder / "ckpt"],
            f"--checkpoint-dir {read_only_folder / 'ckpt'}: no file "
            f"can be written in {read_only_folder} (",
        ),
        (
            ["--log-dir", read_only_folder],
            f"--log-dir {read_only_folder}: no file can be written in {read_only_folder} (",
        ),
    ]
    for argv, message in cases:
        status, line = cli(package, argv, capsys)
        assert status == 2 and line.startswith(f"python -m {package}: error: {message}"), line
    assert a_file.read_text() == "" and not list(read_only_folder.iterdir())


# A damaged data file -------------------------------------------------------------------------------------------------

SHIPPED = recipe.DIABETES_CSV.read_text()
LINES = SHIPPED.splitlines(keepends=True)
DAMAGE = {  # what is done to diabetes.csv -> what the line says
    "missing": (None, "cannot be read (No such file or directory)"),
    "empty": ("", "is empty"),
    "cut mid-row": (SHIPPED[: len(SHIPPED) // 2], "line 223 has 3 values, not 11"),
    "cut at a row": ("".join(LINES[:200]), "holds 199 rows of data, not 442"),
    "a word": (SHIPPED.replace("32.1", "abc", 1), "line 2 holds a value that is not a number"),
    "a NaN": (
        SHIPPED.replace("32.1", "nan", 1),
        "line 2 holds a value that is not a finite number",
    ),
    "an extra column": (
        "".join(line.rstrip("\n") + ",1\n" for line in LINES),
        "should start with the header age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression",
    ),
    "a row too many": (SHIPPED + LINES[-1], "holds 443 rows of data, not 442"),
}


@pytest.mark.parametrize("package", SIDES)
def test_a_damaged_diabetes_file_is_refused_naming_the_file_the_line_and_the_fix(
    package, tmp_path, monkeypatch, capsys
):
    damaged = tmp_path / "diabetes.csv"
    monkeypatch.setattr(recipe, "DIABETES_CSV", damaged)
    for text, problem in DAMAGE.values():
        damaged.unlink(missing_ok=True)
        if text is not None:
            damaged.write_text(text)
        status, line = cli(package, ["--dataset", "diabetes", "--epochs", "1"], capsys)
        assert (status, line) == (
            1,
            f"python -m {package}: error: {damaged} {problem}: restore the shipped file "
            "(git checkout -- task/diabetes.csv, or reinstall the course)",
        )


# README's table ------------------------------------------------------------------------------------------------------

FAULTS = [  # (fault, inputs tried, what happens, tests)
    (
        "Flags changed on `--resume`",
        f"{len(CHANGED)} flags that change the run; {len(ALLOWED) + 2} that may",
        "refused before training, one line naming each flag, its saved and its new value; more epochs, another log or "
        "checkpoint folder, log interval, accelerator: resumed, and the summary says what was resumed",
        [
            "test_resume_refuses_every_flag_that_changes_the_run_naming_saved_and_new_values",
            "test_resume_allows_more_epochs_and_new_folders_and_says_what_it_resumed",
        ],
    ),
    (
        "A checkpoint from the other version; `--epochs` not above what is saved",
        "2 + 2",
        "refused, one line naming the writer / the epochs saved, status 1",
        [
            "test_resume_refuses_a_checkpoint_of_the_other_version",
            "test_resume_with_nothing_left_to_train_is_refused_with_status_1",
        ],
    ),
    (
        "Loss or metric turns NaN/inf",
        f"{len(DIVERGING)} (`--lr 1e10`: in training, in validation, with early "
        "stopping on; `--noise 1e30`)",
        "both stop at the same batch, one line (value, step, causes), status 1, last good "
        "checkpoint kept; Lightning's own checks shown to end such a run as a success",
        [
            "test_a_nan_or_inf_stops_both_versions_at_the_same_step_with_one_line_keeping_the_last_good_checkpoint",
            "test_lightnings_own_checks_would_end_a_diverged_run_as_a_success",
        ],
    ),
    (
        "Impossible launch",
        f"{len(LAUNCHES)} (`--num-nodes 2` without a launcher, more GPUs or processes than the "
        "machine has)",
        "refused at parse time, before any process group, status 2",
        ["test_an_impossible_launch_is_refused_before_any_process_starts"],
    ),
    (
        "SIGTERM, Ctrl-C (SIGINT) mid-epoch, real processes",
        "2 signals x 2 CLIs",
        "one line naming the last checkpoint, status 143 / 130, every checkpoint loads, no temporary file left",
        [
            "test_faults_signals.py::test_sigterm_and_ctrl_c_end_each_cli_with_one_line_naming_the_last_checkpoint",
            "test_faults_signals.py::test_a_stopped_run_leaves_every_checkpoint_whole_and_nothing_else",
        ],
    ),
    (
        "SIGKILL mid-epoch and mid-save",
        "4 kills (2 CLIs x 2 places)",
        "earlier checkpoints whole, resume bitwise identical to an uninterrupted run",
        [
            "test_checkpoints.py::test_a_run_killed_mid_epoch_resumes_bitwise_identical",
            "test_checkpoints.py::test_a_run_killed_halfway_through_writing_a_checkpoint_leaves_the_earlier_ones_whole",
        ],
    ),
    (
        "Crowded checkpoint folder",
        f"{len(STRAYS)} stray files; an `epoch=N-v1.ckpt` copy",
        "stray files ignored and kept, resume from the newest `epoch=N.ckpt`; a `-v1` copy refused in one line",
        [
            "test_a_folder_with_other_files_resumes_from_the_newest_epoch_and_leaves_them_alone",
            "test_a_folder_that_two_runs_saved_into_is_refused",
        ],
    ),
    (
        "Two runs in one folder",
        "in one process, and 2 CLIs against a real running one",
        "the second refused in one line naming the holder (pid, host, command, start time); the lock goes with "
        "its process, even on SIGKILL",
        [
            "test_a_folder_in_use_is_refused_naming_the_run_that_holds_it",
            "test_faults_signals.py::test_a_second_run_in_a_folder_in_use_is_refused_naming_the_holder",
        ],
    ),
    (
        "Degenerate splits",
        f"{len(AT_PARSE_TIME['splits'])}",
        "refused at parse time, status 2",
        ["test_splits_and_values_that_cannot_work_are_refused_at_parse_time"],
    ),
    (
        "Seeds out of range, absurd sizes, infinite numbers",
        f"{len(AT_PARSE_TIME['values'])}",
        "refused at parse time, status 2",
        ["test_splits_and_values_that_cannot_work_are_refused_at_parse_time"],
    ),
    (
        "Checkpoint or log folder that is a file, or read-only",
        "4",
        "refused at parse time, before training, status 2",
        ["test_a_folder_that_is_a_file_or_cannot_be_written_is_refused_at_parse_time"],
    ),
    (
        "Damaged `diabetes.csv`",
        f"{len(DAMAGE)} ({', '.join(DAMAGE)})",
        "one line naming the file, the line and how to restore it, status 1",
        ["test_a_damaged_diabetes_file_is_refused_naming_the_file_the_line_and_the_fix"],
    ),
    (
        "Damaged checkpoint",
        "truncated, garbage, a pickle that runs code",
        "refused in one line, nothing deleted, the code never runs",
        [
            "test_checkpoints.py::test_a_corrupted_checkpoint_is_named_with_what_to_do",
            "test_checkpoints.py::test_weights_only_refuses_a_vanilla_checkpoint_that_would_run_code",
        ],
    ),
    (
        "Bit flips and truncations in a checkpoint",
        "96 single-bit flips spread over the file, one in each record, 8 "
        "truncations, per version; a resume from a flipped file",
        "refused before loading (every record read against its CRC-32), one line naming the file, status 1; none loads "
        "with changed numbers (before the check: 59 and 58 of 104 did)",
        [
            "test_checkpoint_integrity.py::"
            "test_no_bit_flip_or_truncation_loads_changed_numbers_each_is_refused_naming_the_file",
            "test_checkpoint_integrity.py::"
            "test_a_resume_from_a_checkpoint_with_one_bit_flipped_exits_1_in_one_line_naming_the_file",
        ],
    ),
    (
        "Tampered checkpoint fields",
        "11 vanilla + 13 Lightning (a missing key, a wrong shape, a short RNG state, an "
        "`epoch` that is a string or negative, an old, newer or unreadable Lightning version, ...)",
        "refused before anything is restored, one line naming the file and the field, status 1, no traceback",
        [
            "test_checkpoint_integrity.py::"
            "test_a_tampered_checkpoint_is_refused_in_one_line_naming_the_file_and_the_field"
        ],
    ),
    (
        "Full disk",
        "the checkpoint folder (write cut by ENOSPC; a real 40 KiB tmpfs), the log folder, per version",
        "one line naming the folder and the newest checkpoint, which stays whole and resumes bitwise; no half file "
        "under any name, status 1",
        [
            "test_checkpoint_integrity.py::"
            "test_a_full_disk_while_saving_keeps_the_last_checkpoint_and_says_so_in_one_line_naming_the_folder",
            "test_checkpoint_integrity.py::test_a_full_log_disk_ends_the_run_in_one_line_naming_the_log_folder",
            "test_checkpoint_integrity.py::test_a_real_full_disk_keeps_the_last_checkpoint_of_each_version",
        ],
    ),
    (
        "Numbers float32 cannot hold or rounds away; accumulation or a log interval past what the run has",
        f"{len(NOTHING_CHANGES)} (`--lr 1e308`, `--lr 1e-320`, `--gradient-clip-val 1e-45`, `--noise 1e-40`, "
        "`--accumulate-grad-batches 2147483647`, `--log-every-n-steps 2147483647`, `--strategy ddp_spawn`, ...)",
        "refused at parse time, one line naming the flag and the value that works, status 2; the limits themselves "
        "run",
        [
            "test_flags_refused.py::test_a_value_that_cannot_change_anything_is_refused_at_parse_time",
            "test_flags_refused.py::test_the_largest_values_that_do_change_something_are_accepted",
        ],
    ),
    (
        "Flags the data set ignores",
        "`--n-samples`, `--noise` with `--dataset diabetes`",
        "one warning line, and the run is the diabetes run, status 0",
        [
            "test_flags_refused.py::test_flags_the_diabetes_data_ignore_are_warned_in_one_line_and_the_run_goes_on"
        ],
    ),
    (
        "A folder name too long; a file where a run's log folder goes",
        "300 characters x 2 flags; a file `version_0`",
        "refused at parse time, one line, status 2; both sides number log folders by CSVLogger's rule, resumed too",
        [
            "test_flags_refused.py::test_a_folder_name_too_long_for_the_file_system_is_refused_in_one_line",
            "test_flags_refused.py::test_a_file_where_a_runs_log_folder_goes_is_refused_in_one_line",
            "test_flags_refused.py::test_a_resumed_run_logs_into_the_folder_csvlogger_picks_on_both_sides",
        ],
    ),
    (
        "Launcher variables that do not describe the run",
        f"{len(LAUNCHER_VARIABLES)} (`TORCHELASTIC_RUN_ID` or `SLURM_NTASKS` alone, counts that differ from the flags, "
        "`SLURM_PROCID=3`, `LOCAL_RANK=1`, ...)",
        "refused at parse time, one line naming the variable, status 2; complete, consistent sets trusted",
        [
            "test_flags_refused.py::test_launcher_variables_that_do_not_describe_the_run_are_refused_naming_the_variable",
            "test_flags_refused.py::test_complete_launcher_variables_are_trusted_and_an_interactive_slurm_job_is_not_a_launcher",
        ],
    ),
    (
        "A DDP worker or its launcher killed, real processes",
        "SIGKILL of a worker (2 CLIs); of torchrun",
        "the surviving process ends in one line, status 1 (torchrun's own report follows it); vanilla workers stop "
        "with their launcher (SIGTERM, one line)",
        [
            "test_flags_refused.py::test_a_killed_worker_ends_the_run_with_one_line_from_the_course",
            "test_flags_refused.py::test_vanilla_workers_stop_when_their_launcher_is_killed",
        ],
    ),
    (
        "SIGTERM, Ctrl-C while a CLI starts (torch and Lightning loading), real processes",
        "2 signals x 2 CLIs; the Ctrl-C to a process started with SIGINT ignored (a shell's background job)",
        "one line, status 143 / 130, no traceback, nothing written: each `__main__` catches both from its first line",
        ["test_faults_signals.py::test_a_signal_while_a_cli_starts_ends_it_in_one_line"],
    ),
    (
        "Launcher variables read as the libraries load; `--devices 2` without torchrun",
        "`LOCAL_RANK=abc`, `RANK=` from a real shell x 2 CLIs; `--devices 2` on both",
        "checked before torchmetrics and Lightning are imported: one line naming the variable, status 2; the "
        "hand-written loop refuses `--devices 2` at parse time (status 2, how to start torchrun), Lightning's Trainer "
        "starts its processes itself",
        [
            "test_flags_refused.py::test_launcher_variables_are_checked_before_the_libraries_that_read_them_are_imported",
            "test_flags_refused.py::"
            "test_devices_above_1_without_torchrun_are_refused_at_parse_time_by_the_hand_written_loop_only",
        ],
    ),
    (
        "An lr that float32 steps round away",
        "`--lr 1e-20`, `--lr-decay 1e-300` (and 0.001 over 3 epochs)",
        "an lr decayed below float32's smallest normal number refused at parse time, status 2, naming the smallest "
        "decay that works; an lr below float32's resolution (1.19e-07) warned in one line saying how large a gradient "
        "must be to move a weight (at `--lr 1e-20` no step moves one), status 0",
        [
            "test_flags_refused.py::test_the_smallest_lr_decay_that_keeps_the_lr_in_float32_is_where_the_refusals_start",
            "test_flags_refused.py::"
            "test_an_lr_below_float32s_resolution_is_warned_in_one_line_and_indeed_changes_nothing",
        ],
    ),
    (
        "A folder flag that is a link to nothing; `--resume` from a folder that does not exist",
        "the link, or a folder under it, x 2 flags; `--resume`",
        "refused at parse time, one line saying where the link points, status 2; nothing created",
        [
            "test_flags_refused.py::test_a_link_to_nothing_is_refused_at_parse_time_saying_where_it_points",
            "test_flags_refused.py::test_resume_from_a_folder_that_does_not_exist_is_refused_and_creates_nothing",
        ],
    ),
    (
        "A folder name with a newline or an escape code",
        "a refusal at parse time, one during the run, Lightning's "
        "warning about a folder that is not empty",
        "refusals, run errors and warnings print control characters escaped (`\\n`), so each stays one line; the "
        "warning filtered whatever the name holds",
        [
            "test_cli.py::test_a_folder_name_with_a_newline_stays_on_one_line_at_parse_time_and_during_the_run",
            "test_cli.py::test_lightnings_warning_about_a_folder_that_is_not_empty_is_filtered_whatever_the_folder_holds",
        ],
    ),
    (
        "Checkpoint fields that disagree with each other, the flags or the file's name",
        "10 vanilla + 9 Lightning (an `epoch` its file's name does not say, step losses cut short, a NaN weight, an "
        "optimizer lr or momentum the flags do not give, a scheduler a step behind, Lightning's loop counters, early "
        "stopping's state, ...); every checkpoint of 8 kinds of run (`--lr-decay`, early stopping, accumulation, "
        "resumed, ...)",
        "refused before anything is restored, one line naming the file, the field, its value and the one the name, "
        "the other fields or the flags give, status 1 (before: a resume at lr 0.5, 7 epochs for 1, a summary naming a "
        "file that does not exist, status 0); every checkpoint the course writes still resumes",
        [
            "test_checkpoint_consistency.py::"
            "test_a_checkpoint_whose_fields_disagree_is_refused_in_one_line_naming_the_field_and_both_values",
            "test_checkpoint_consistency.py::test_early_stoppings_state_must_agree_with_the_history",
            "test_checkpoint_consistency.py::test_every_checkpoint_the_course_writes_passes_the_checks",
        ],
    ),
    (
        "A folder named like a checkpoint",
        "`epoch=9.ckpt/` beside two checkpoints, with and without `--resume`",
        'refused in one line naming it, status 1 (before: taken for the newest checkpoint, and "train once ... '
        'first"); never named as the last checkpoint',
        [
            "test_checkpoint_consistency.py::test_a_folder_named_like_a_checkpoint_is_refused_naming_it"
        ],
    ),
    (
        "A data-parallel run whose other processes never come",
        "a full torchrun set for rank 1 of 2, a full SLURM set "
        "for task 0 of 2, alone; SIGTERM and Ctrl-C while they wait",
        "after the rendezvous timeout (60 s; `COURSE_RENDEZVOUS_SECONDS`), one line naming MASTER_ADDR:MASTER_PORT and "
        "how to start the others, status 1; a signal ends the wait with one line, 143 / 130 (before: 30 minutes, "
        "signals ignored, torch's C++ stack on stderr)",
        [
            "test_rendezvous.py::test_a_rendezvous_nobody_joins_ends_after_its_timeout_naming_the_address",
            "test_rendezvous.py::test_a_signal_ends_a_process_that_torchs_rendezvous_holds",
        ],
    ),
    (
        "Thread counts that are not numbers",
        "`OMP_NUM_THREADS`, `MKL_NUM_THREADS`: 5 values each",
        "refused before torch loads, one line naming the variable, status 2 (before: libgomp's two lines, or MKL "
        "silently on one thread)",
        [
            "test_rendezvous.py::test_a_thread_count_that_is_not_a_whole_number_is_refused_before_torch_loads",
            "test_rendezvous.py::test_thread_counts_openmp_accepts_pass",
        ],
    ),
]


def table():
    """README's table: one row per class of fault, naming the tests that try it on both versions."""
    rows = [
        "| fault | inputs tried | what happens (both versions) | tests (tests/) |",
        "|---|---|---|---|",
    ]
    for fault, tried, happens, tests in FAULTS:
        names = "<br>".join(
            f"`{test if '::' in test else 'test_faults.py::' + test}`" for test in tests
        )
        rows.append(f"| {fault} | {tried} | {happens} | {names} |")
    return "\n".join(rows) + "\n"


def test_the_readme_table_is_made_from_these_tests_and_names_only_tests_that_exist():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme.split("## Bad input, honestly refused\n", 1)[1].split("\n## ", 1)[0]
    assert table() in section, (
        "README's fault table is stale: paste the output of python tests/test_faults.py"
    )
    for _, _, _, tests in FAULTS:
        for test in tests:
            module, name = test.split("::") if "::" in test else ("test_faults.py", test)
            assert re.search(
                rf"^def {name}\(", (Path(__file__).parent / module).read_text(), re.M
            ), test


if __name__ == "__main__":
    sys.stdout.write(table())
