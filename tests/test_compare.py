"""The main job: trains both versions, says they are identical, saves a plot."""
from pathlib import Path

from course.compare import main


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
