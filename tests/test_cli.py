"""Both CLIs hand every flag to training; an impossible value ends with one line naming the flag, exit status 2."""

import importlib
import subprocess
import sys
import warnings
from dataclasses import fields

import pytest
from printed import epoch_table

import common.cli
import lightning_version.__main__
import lightning_version.train
import vanilla.__main__
import vanilla.ddp
import vanilla.train
from common.checks import RunError, one_line
from common.cli import ignore_known_warnings, one_line_warning
from task.config import TrainConfig

MAINS = [
    pytest.param(vanilla.__main__.main, id="vanilla"),
    pytest.param(lightning_version.__main__.main, id="lightning"),
]
BAD = [
    (["--epochs", "-1"], "--epochs must be a whole number >= 1, got -1"),
    (["--batch-size", "0"], "--batch-size must be a whole number >= 1, got 0"),
    (["--precision", "fp8"], "--precision must be one of 32, bf16-mixed, 16-mixed, got 'fp8'"),
    (["--accelerator", "tpu"], "--accelerator must be one of auto, cpu, cuda, got 'tpu'"),
    (
        ["--accumulate-grad-batches", "0"],
        "--accumulate-grad-batches must be a whole number >= 1, got 0",
    ),
    (
        ["--gradient-clip-val", "-1"],
        "--gradient-clip-val must be a number >= 0 (0 turns clipping off), got -1.0",
    ),
    (["--lr", "0"], "--lr must be a number > 0, got 0.0"),
    (["--epochs", "two"], "argument --epochs: invalid int value: 'two'"),
    (["--epoch", "2"], "unrecognized arguments: --epoch 2"),  # no silent abbreviation of --epochs
]


@pytest.mark.parametrize("main", MAINS)
@pytest.mark.parametrize("argv, message", BAD, ids=[" ".join(argv) for argv, _ in BAD])
def test_impossible_value_is_one_line_naming_the_flag(main, argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "(see --help)" in err


@pytest.mark.parametrize("main", MAINS)
def test_both_clis_train_and_print_the_same_losses(main, capsys):
    main(["--epochs", "2", "--shuffle"])
    assert capsys.readouterr().out == (
        "epoch  train_loss\n"
        "    0      9.0263\n"
        "    1      6.1415\n"
        "2 epochs; train_loss is the mean of each epoch's 10 batches\n"
        "final: train_loss 6.1415\n"
    )


@pytest.mark.parametrize("package", ["vanilla", "lightning_version"])
def test_bad_flag_from_a_real_shell_has_no_stack_trace(package):
    done = subprocess.run(
        [sys.executable, "-m", package, "--batch-size", "0"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == f"python -m {package}: error: --batch-size must be a whole number >= 1, got 0 (see --help)\n"
    )


def test_the_command_line_module_loads_without_torch():
    """Both __main__ files import common.cli before they call stop_at_once: it must load nothing heavy (seconds in
    which a Ctrl-C would print a traceback), torch only once the flags are parsed, Lightning after the launch checks."""
    code = "import sys, common.cli; print(sorted({'torch', 'lightning', 'tqdm', 'task.config'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


EVERY_FLAG = [
    "--dataset",
    "diabetes",
    "--n-samples",
    "60",
    "--noise",
    "0.5",
    "--data-seed",
    "3",
    "--seed",
    "7",
    "--lr",
    "0.05",
    "--lr-decay",
    "0.5",
    "--batch-size",
    "6",
    "--epochs",
    "3",
    "--shuffle",
    "--accelerator",
    "cpu",
    "--devices",
    "2",
    "--num-nodes",
    "2",
    "--strategy",
    "ddp",
    "--precision",
    "bf16-mixed",
    "--accumulate-grad-batches",
    "2",
    "--gradient-clip-val",
    "0.5",
    "--val-fraction",
    "0.2",
    "--early-stopping-patience",
    "2",
    "--log-every-n-steps",
    "1",
    "--log-dir",
    "logs",
    "--checkpoint-dir",
    "ckpts",
    "--resume",
    "--progress-bar",
]
EVERY_VALUE = TrainConfig(
    dataset="diabetes",
    n_samples=60,
    noise=0.5,
    data_seed=3,
    seed=7,
    lr=0.05,
    lr_decay=0.5,
    batch_size=6,
    epochs=3,
    shuffle=True,
    accelerator="cpu",
    devices=2,
    num_nodes=2,
    strategy="ddp",
    precision="bf16-mixed",
    accumulate_grad_batches=2,
    gradient_clip_val=0.5,
    val_fraction=0.2,
    early_stopping_patience=2,
    log_every_n_steps=1,
    log_dir="logs",
    checkpoint_dir="ckpts",
    resume=True,
    progress_bar=True,
)


def test_the_flag_list_sets_every_field_but_one():
    """Guards the test below: a field added to TrainConfig must get a flag there too."""
    unchanged = [
        field.name
        for field in fields(TrainConfig)
        if getattr(EVERY_VALUE, field.name) == field.default
    ]
    assert unchanged == ["n_features"]  # --dataset diabetes needs its 10 columns


# torchrun --nnodes 2, node 0, process 0
TORCHRUN = dict(
    TORCHELASTIC_RUN_ID="none",
    RANK="0",
    LOCAL_RANK="0",
    WORLD_SIZE="4",
    LOCAL_WORLD_SIZE="2",
    GROUP_RANK="0",
    MASTER_ADDR="127.0.0.1",
    MASTER_PORT="29500",
)


@pytest.mark.parametrize("package", ["vanilla", "lightning_version"])
def test_every_flag_reaches_training_on_both_sides(package, monkeypatch, tmp_path):
    # --num-nodes 2 needs a launcher that starts the other machine: torchrun's variables, as its first process sees them
    for name, value in TORCHRUN.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ckpts").mkdir()  # --resume needs its folder
    handed = []
    trains = {
        "vanilla": [vanilla.train, vanilla.ddp],
        "lightning_version": [lightning_version.train],
    }[package]
    for module in trains:  # the vanilla CLI hands --devices 2 to its DDP loop
        monkeypatch.setattr(
            module, "train_ddp" if module is vanilla.ddp else "train", handed.append
        )
    monkeypatch.setattr(common.cli, "exit_worker", lambda: None)
    importlib.import_module(f"{package}.__main__").main(EVERY_FLAG)
    assert handed == [EVERY_VALUE]


def test_the_same_flags_print_the_same_summary_on_both_sides(capsys):
    flags = [
        "--epochs",
        "3",
        "--lr",
        "0.05",
        "--batch-size",
        "8",
        "--shuffle",
        "--seed",
        "3",
        "--val-fraction",
        "0.2",
        "--accumulate-grad-batches",
        "2",
        "--gradient-clip-val",
        "1.0",
        "--accelerator",
        "cpu",
    ]
    printed = []
    for main in (vanilla.__main__.main, lightning_version.__main__.main):
        main(flags)
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1]
    table = epoch_table(printed[0])
    assert list(table) == ["train_loss", "val_loss", "val_r2"] and all(
        list(rows) == [0, 1, 2] for rows in table.values()
    )


# A path holding a newline or an escape code: every message stays one line --------------------------------------------


def test_one_line_escapes_control_characters_and_keeps_every_other_character():
    assert (
        one_line("bad\nname\r\t\x1b[31m\u2028 é 日本") == "bad\\nname\\r\\t\\x1b[31m\\u2028 é 日本"
    )
    # every fault that ends a run is printed through it
    assert str(RunError("in a\nb")) == "in a\\nb"
    assert one_line_warning("folder a\nb", UserWarning, "f.py", 1) == "UserWarning: folder a\\nb\n"


# pytest's own
@pytest.mark.filterwarnings(
    "ignore:(?s)Checkpoint directory .* exists and is not empty:UserWarning"
)
@pytest.mark.parametrize("package", ["vanilla", "lightning_version"])
def test_a_folder_name_with_a_newline_stays_on_one_line_at_parse_time_and_during_the_run(
    package, tmp_path, capsys
):
    main, folder = importlib.import_module(f"{package}.__main__").main, tmp_path / "bad\nname"
    with pytest.raises(
        SystemExit
    ) as exit_:  # parse time: --resume from a folder that does not exist
        main(["--checkpoint-dir", str(folder), "--resume"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and "bad\\nname" in err
    main(["--checkpoint-dir", str(folder), "--epochs", "1"])
    with pytest.raises(
        SystemExit
    ) as exit_:  # during the run: the folder holds a checkpoint, and no --resume
        main(["--checkpoint-dir", str(folder), "--epochs", "1"])
    assert (
        "\n" not in exit_.value.code and "bad\\nname already holds checkpoints" in exit_.value.code
    )


def test_lightnings_warning_about_a_folder_that_is_not_empty_is_filtered_whatever_the_folder_holds():
    """The course's lock file is in the folder before fit, so Lightning always warns; its filter must match any name."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        ignore_known_warnings()  # its filters, put before "always"
        warnings.warn("Checkpoint directory /tmp/bad\nname exists and is not empty.", UserWarning)
    assert seen == []
