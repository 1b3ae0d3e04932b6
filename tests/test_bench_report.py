"""The benchmark's report code turns results into the tables the README, lesson 4 and latest.md show.

Timings themselves are never asserted: a small results dict with chosen numbers pins what the report prints, and
the committed README and latest.md must be what the report makes of the committed latest.json.
"""

import torch

from course.bench_report import RESULTS, load_latest, overhead_markdown, overhead_table
from staff.bench import markdown, readme, scaling, tutorial


def stats(median, n=3):
    return {
        "median": median,
        "q1": median * 0.9,
        "q3": median * 1.1,
        "min": median * 0.8,
        "max": median * 1.2,
        "n": n,
    }


def width_row(width, vanilla_ms, lightning_ms):
    return {
        "width": width,
        "steps": 100,
        "vanilla_ms_per_step": stats(vanilla_ms),
        "lightning_ms_per_step": stats(lightning_ms),
        "added_ms_per_step": stats(lightning_ms - vanilla_ms),
        "ratio": stats(lightning_ms / vanilla_ms, n=7),
        "ratio_whole_fit": stats(lightning_ms / vanilla_ms),
        "lightning_startup_s": stats(0.01),
    }


def synthetic():
    """Results as `python -m staff.bench` records them, with round numbers."""
    return {
        "machine": {
            "cpu": "Test CPU",
            "cores": 2,
            "torch_threads": 1,
            "load_average_1min": 0.5,
            "gpu": None,
            "python": "3.11",
            "torch": "2.13.0",
            "lightning": "2.6.6",
            "os": "Linux",
            "date": "2026-01-02 03:04",
        },
        "settings": {
            "repeats": 3,
            "quick": True,
            "accelerator": "cpu",
            "clock": "wall",
            "command": "python -m staff.bench",
        },
        "tutorial": {
            "steps": 100,
            "epochs": 10,
            "vanilla_ms_per_step": stats(0.5),
            "lightning_ms_per_step": stats(1.5),
            "ratio": stats(3.0, n=5),
            "course_run_epochs": 5,
            "course_run_s": {"vanilla": stats(0.02), "lightning": stats(0.06)},
        },
        "features": {
            "steps": 100,
            "epochs": 10,
            "rows": [
                {
                    "name": "bare Trainer",
                    "ms_per_step": stats(0.6),
                    "added_ms_per_step": 0.0,
                    "vs_bare": 1.0,
                },
                {
                    "name": "+ progress bar",
                    "ms_per_step": stats(0.8),
                    "added_ms_per_step": 0.2,
                    "vs_bare": 1.333,
                },
            ],
        },
        "scaling": {
            "batch_size": 512,
            "depth": 3,
            "device": "cpu",
            "repeats": 7,
            "rows": [width_row(32, 1.0, 2.0), width_row(1024, 100.0, 100.5)],
            "crossing": {"1.05": 1024, "1.02": None},
        },
        "gpu": {"ran": False, "why": "no CUDA device"},
        "fresh": {
            "import_s": {"torch": stats(1.0)},
            "peak_mb": {"import torch": stats(200.0), "vanilla": stats(300.0)},
        },
        "course": None,
    }


def test_the_table_prints_each_number_in_its_place():
    assert overhead_table(synthetic()) == "\n".join(
        [
            "| time per optimizer step | vanilla | Lightning | Lightning / vanilla |",
            "|---|---|---|---|",
            "| tutorial task: `nn.Linear(10, 1)`, batches of 10 | 0.500 ms | 1.500 ms | 3.00x |",
            "| MLP: 3 hidden layers 32 wide, batches of 512 | 1.000 ms | 2.000 ms | 2.000x |",
            "| MLP: 3 hidden layers 1024 wide, batches of 512 | 100.0 ms | 100.5 ms | 1.005x |",
        ]
    )


def test_the_summary_reads_the_added_time_the_crossings_and_the_machine():
    text = overhead_markdown(synthetic())
    assert text.startswith(overhead_table(synthetic()) + "\n\n")
    assert "Lightning adds about 1.00 ms to each optimizer step" in text
    # the median of 1.0 and 0.5 over the widths
    assert "a bare Trainer adds about 0.75 ms a step" in text
    assert (
        "at most 1.05 from width 1024 up and at most 1.02 at none of the widths measured." in text
    )
    assert (
        "Medians of 5 (tutorial) and 7 (MLP) interleaved runs (wall time, 1 torch thread(s)) on Test CPU"
        in text
    )


def test_the_full_report_holds_every_section():
    text = markdown.render(synthetic())
    for line in [
        "Machine: Test CPU, 2 cores, torch threads: 1, GPU: none;",
        "## In one table",
        "| + progress bar | 0.8 (0.72-0.88) | +0.200 | 1.33 |",
        "| `import torch` | 1 (0.9-1.1) | 200 |",
        "Not measured in this run (`--skip-course`).",
        "## GPU\n\nNot run: no CUDA device",
    ]:
        assert line in text


def test_a_tiny_measurement_goes_through_the_report():
    """Guards the synthetic results above: what the bench measures has the keys the report reads."""
    torch.manual_seed(0)
    results = synthetic() | {
        "tutorial": tutorial.compare("cpu", repeats=1, epochs=1),
        "scaling": scaling.sweep(torch.device("cpu"), (8, 16), 8, 1, 1, 0.001),
    }
    rows = overhead_table(results).splitlines()
    assert (
        len(rows) == 5
        and rows[2].startswith("| tutorial task")
        and "16 wide, batches of 8" in rows[4]
    )


def test_the_readme_shows_the_table_of_the_recorded_results():
    assert readme.in_readme(readme.README.read_text()) == readme.readme_block(), (
        "run: python -m staff.bench.readme"
    )


def test_latest_md_is_the_report_of_latest_json():
    assert (RESULTS / "latest.md").read_text() == markdown.render(load_latest())


def test_the_course_timing_imports_and_runs_without_posix_modules(monkeypatch):
    """Windows has no `resource`: the benchmark still imports, and its CPU column reads nan."""
    import importlib
    import math
    import sys

    monkeypatch.setitem(sys.modules, "resource", None)  # import resource raises ImportError
    course_speed = importlib.reload(importlib.import_module("staff.bench.course_speed"))
    assert math.isnan(course_speed._children_cpu_seconds())
