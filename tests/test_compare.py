"""The main job: trains both versions, says they are identical, saves a plot."""

import re
from pathlib import Path

import torch

from common.result import TrainResult
from course.compare import main, report
from task.config import TrainConfig


def test_main_job_reports_identical_runs_and_saves_the_plot(capsys):
    assert main(["--plot", "curves.png"]) == 0
    out = capsys.readouterr().out
    for part in ("per-step losses", "final weight", "final bias"):
        assert f"{part} identical (torch.equal): True" in out
    assert "distance to the least-squares optimum: vanilla 1.4661, lightning 1.4661" in out
    assert Path("curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_main_job_takes_the_training_flags(capsys):
    assert main(["--epochs", "1", "--plot", "one.png"]) == 0
    assert "    1        9.0695          9.0695" in capsys.readouterr().out


def positions(line, left):
    """Where each cell of a text-table line sits: its start for the first `left` cells (aligned left), else its end."""
    # cells are two or more spaces apart
    cells = [match.span() for match in re.finditer(r"\S+(?: \S+)*", line)]
    return [start if i < left else end for i, (start, end) in enumerate(cells)]


def test_every_row_of_the_tables_keeps_its_columns_with_negative_and_wide_numbers():
    weight = torch.tensor([[-123.5, -1.5, 0.25, 1234.5, -0.5, 2.0, -3.0, 4.0, -5.0, 6.0]])
    # 2 epochs of 20 steps, one with a wide mean
    steps = torch.tensor([-2.5, 1.0] * 10 + [123456.5] * 20)
    vanilla = TrainResult(steps, weight, torch.tensor([-42.0]), 2, torch.empty(0), torch.empty(0))
    lightning = TrainResult(-steps, -weight, torch.tensor([7.0]), 2, torch.empty(0), torch.empty(0))
    text = report(TrainConfig(), vanilla, lightning)
    assert "-123.5000" in text and "1234.5000" in text and "-123456.5000" in text
    lines = text.split("\n")
    # names aligned left, numbers right
    for header, rows, left in (("epoch", 2, 0), ("parameter", 11, 1)):
        top = next(i for i, line in enumerate(lines) if line.startswith(header + " "))
        table = lines[top : top + 1 + rows]
        for line in table[1:]:
            assert positions(line, left) == positions(table[0], left), (
                f"out of line:\n{table[0]}\n{line}"
            )


def test_what_the_comparison_cannot_do_is_one_line_and_a_true_status_never_a_traceback(
    tmp_path, capsys
):
    """Reached as `bootstrap.py run FLAGS`: flags of the training command lines, a plot folder that is not there,
    a run that diverges."""
    for argv, said, status in [
        (
            ["--checkpoint-dir", str(tmp_path / "c"), "--resume"],
            "--checkpoint-dir, --resume: the training "
            "command lines' flags, which write one version each",
            2,
        ),
        (
            ["--plot", str(tmp_path / "none" / "x.png")],
            f"there is no folder {tmp_path / 'none'}",
            2,
        ),
        (
            ["--lr", "1e10", "--plot", str(tmp_path / "p.png")],
            "error: train_loss became inf at epoch 0",
            1,
        ),
    ]:
        try:
            code = main(argv)
        except SystemExit as stop:
            code, err = 1, str(stop.code)
        else:
            err = capsys.readouterr().err
        assert code == status and said in err and err.count("\n") <= 1, (argv, err)
