"""What the command lines print: --help grouped as the Rosetta table, a progress bar only in a terminal, a short
table at the end, and nothing on stderr unless --verbose."""

import os
import re
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest
import torch
from printed import epoch_table

import lightning_version.__main__
import lightning_version.train
import vanilla.__main__
import vanilla.train
from common.result import TrainResult
from task.config import CHOICES, GROUPS, TrainConfig, flag

PACKAGES = ["vanilla", "lightning_version"]
MAINS = {"vanilla": vanilla.__main__.main, "lightning_version": lightning_version.__main__.main}
TRAINS = {"vanilla": vanilla.train.train, "lightning_version": lightning_version.train.train}


def test_every_config_field_has_help_text_in_its_metadata():
    """--help reads each flag's text from its field's metadata (task.config.option), not from the source."""
    missing = [
        field.name for field in fields(TrainConfig) if not field.metadata.get("help", "").strip()
    ]
    assert not missing, f"fields without help text: {missing}"


@pytest.mark.parametrize("package", PACKAGES)
def test_help_groups_the_flags_as_the_rosetta_table_with_the_fields_help_text(package, capsys):
    with pytest.raises(SystemExit) as exit_:
        MAINS[package](["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    options = text[text.index("\noptions:") :]
    starts = [options.index(f"\n{title}:\n") for title in GROUPS]
    assert starts == sorted(starts), "the groups are in the Rosetta table's order"
    described = {field.name: field.metadata["help"] for field in fields(TrainConfig)}
    for (title, names), start, end in zip(GROUPS.items(), starts, [*starts[1:], len(options)]):
        section = " ".join(options[start:end].split())
        for name in names:
            assert f" {flag(name)}" in section, f"{flag(name)} is not under {title}"
            assert " ".join(described[name].split()) in section, (
                f"{flag(name)} lacks its field's help text"
            )
            if name in CHOICES:
                assert "{" + ",".join(CHOICES[name]) + "}" in section
    assert sorted(name for names in GROUPS.values() for name in names) == sorted(described), (
        "every field shown"
    )
    assert "--verbose" in options[starts[-1] :] and not re.search(r"default: ?\)", text)


def summary_of(epochs, planned=None, resumed=0, log_file="", checkpoint_dir=""):
    result = TrainResult(
        step_losses=torch.arange(2.0 * epochs),
        weight=torch.zeros(1, 3),
        bias=torch.zeros(1),
        epochs=epochs,
        val_loss=torch.arange(float(epochs)),
        val_r2=torch.zeros(epochs),
        resumed_epochs=resumed,
        log_file=log_file,
    )
    return result.summary(TrainConfig(epochs=planned or epochs, checkpoint_dir=checkpoint_dir))


@pytest.mark.parametrize(
    "epochs, shown",
    [
        (1, [0]),
        (5, [0, 1, 2, 3, 4]),
        (9, list(range(9))),
        (10, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (11, list(range(11))),
        (12, [0, 1, 2, 3, 4, 5, 6, 9, 10, 11]),
        (200, [0, 1, 2, 98, 99, 100, 197, 198, 199]),
    ],
)
def test_the_table_shows_the_first_middle_and_last_epochs(epochs, shown):
    printed = summary_of(epochs)
    table = epoch_table(printed)
    assert list(table["train_loss"]) == shown and list(table["val_loss"]) == shown
    # the mean of batches 2e and 2e + 1
    assert table["train_loss"][shown[-1]] == 2 * shown[-1] + 0.5
    gaps = sum(b > a + 1 for a, b in zip(shown, shown[1:]))
    assert printed.splitlines().count("  ...") == gaps
    assert (
        printed.splitlines()[-1] == f"final: train_loss {2 * (epochs - 1) + 0.5:.4f}, val_loss "
        f"{epochs - 1:.4f}, val_r2 0.0000"
    )


def test_the_lines_after_the_table_say_how_it_ended_and_where_the_files_are():
    lines = summary_of(
        37, planned=200, resumed=5, log_file="logs/version_3/metrics.csv", checkpoint_dir="ckpt"
    ).splitlines()
    assert lines[-4] == (
        "37 of 200 epochs (early stopping), 5 of them resumed from a checkpoint; train_loss is the "
        "mean of each epoch's 2 batches"
    )
    assert lines[-2:] == [
        "logs: logs/version_3/metrics.csv",
        f"checkpoints: ckpt (the last: {os.path.join('ckpt', 'epoch=36.ckpt')})",
    ]


def run(package, *flags, cwd):
    return subprocess.run(
        [sys.executable, "-m", package, *flags],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_a_run_prints_the_table_and_on_stderr_only_warnings_unless_verbose(package, tmp_path):
    flags = [
        "--epochs",
        "3",
        "--val-fraction",
        "0.2",
        "--log-dir",
        "logs",
        "--checkpoint-dir",
        "ckpt",
    ]
    quiet = run(package, *flags, "--precision", "16-mixed", "--accelerator", "cpu", cwd=tmp_path)
    assert quiet.returncode == 0
    assert quiet.stderr.count("\n") == 1 and quiet.stderr.startswith("UserWarning: "), (
        "one warning, one line"
    )
    assert "bf16-mixed" in quiet.stderr and "not supported on CPU" in quiet.stderr
    assert "\r" not in quiet.stdout and "it/s" not in quiet.stdout, (
        "no progress bar where stdout is no terminal"
    )
    assert quiet.stdout.splitlines()[-2:] == [
        f"logs: {os.path.join('logs', 'version_0', 'metrics.csv')}",
        f"checkpoints: ckpt (the last: {os.path.join('ckpt', 'epoch=2.ckpt')})",
    ]
    assert (tmp_path / "logs" / "version_0" / "metrics.csv").exists() and (
        tmp_path / "ckpt" / "epoch=2.ckpt"
    ).exists()
    loud = run(package, *flags[:4], "--verbose", cwd=tmp_path)
    assert loud.returncode == 0 and list(epoch_table(loud.stdout)) == [
        "train_loss",
        "val_loss",
        "val_r2",
    ]
    expected = (
        "epoch 0 step 1: train_loss"
        if package == "vanilla"
        else "`Trainer.fit` stopped: `max_epochs=3`"
    )
    assert expected in loud.stderr


def in_a_terminal(package, *flags, cwd):
    """Runs the command line with stdout and stderr on a pseudo-terminal 100 columns wide; returns (status, text)."""
    pty, fcntl, termios, struct = (
        pytest.importorskip(name) for name in ("pty", "fcntl", "termios", "struct")
    )
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", package, *flags],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # Linux: the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize("package", PACKAGES)
def test_in_a_terminal_a_progress_bar_runs_until_the_table(package, tmp_path):
    status, text = in_a_terminal(package, "--epochs", "3", cwd=tmp_path)
    assert status == 0
    bar, table = text.split("\nepoch  train_loss\n")
    assert re.search(r"Epoch 2: 100%\|█+\| 10/10 \[.*train_loss=", bar.split("\r")[-1])
    assert list(epoch_table("epoch  train_loss\n" + table)["train_loss"]) == [0, 1, 2]


@pytest.mark.parametrize("package", PACKAGES)
def test_in_a_terminal_an_error_gets_a_line_of_its_own_after_the_bar(package, tmp_path):
    status, text = in_a_terminal(package, "--epochs", "30", "--lr", "5", cwd=tmp_path)
    assert status == 1
    assert re.search(
        rf"it/s, train_loss=[^\n]*\]\npython -m {package}: error: train_loss became inf at epoch 1, "
        r"batch 7, [^\n]*no checkpoint was saved\n$",
        text,
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_the_bar_changes_nothing_in_training(package, capsys):
    config = TrainConfig(epochs=3, shuffle=True, val_fraction=0.2, accelerator="cpu")
    with_bar = TRAINS[package](replace(config, progress_bar=True))
    assert "Epoch 2: 100%" in capsys.readouterr().out
    without = TRAINS[package](config)
    assert capsys.readouterr().out == ""
    for name in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(with_bar, name), getattr(without, name)), name


def test_the_readme_shows_the_end_of_a_real_200_epoch_run(tmp_path, monkeypatch, capsys):
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    command = (
        "$ python -m vanilla --epochs 200 --val-fraction 0.2 --log-dir logs --checkpoint-dir ckpt\n"
    )
    shown = readme[readme.index(command) + len(command) :]
    shown = shown[: shown.index("```")]
    monkeypatch.chdir(tmp_path)
    MAINS["vanilla"](command.split()[4:])
    assert capsys.readouterr().out == shown


def test_course_compare_gets_no_bar_and_no_verbose_even_in_a_terminal(monkeypatch, capsys):
    """`make run` compares runs and prints its own report: the training command lines' output options stay theirs."""
    import course.compare
    from common.cli import parse_args, parse_cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert parse_cli([])[0].progress_bar and not parse_args([]).progress_bar
    with pytest.raises(SystemExit) as exit_:
        course.compare.main(["--verbose"])
    assert exit_.value.code == 2 and "unrecognized arguments: --verbose" in capsys.readouterr().err
