"""The benchmark's recorded results, as lesson 4 and the README show them: read from course/bench_results/, never
measured here.

    from course.bench_report import overhead_markdown
    print(overhead_markdown())

`make bench` (staff/bench/) measures and records them; `python -m staff.bench.readme` writes the table into README.md.
"""

import json
import statistics
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "bench_results"


def results_dir(device="cpu"):
    """bench_results/ for the CPU run the course records; bench_results/cuda/ for a run on a GPU."""
    return RESULTS if device == "cpu" else RESULTS / device


def load_latest(device="cpu"):
    """The latest recorded benchmark (bench_results/latest.json) as a dict."""
    return json.loads((results_dir(device) / "latest.json").read_text())


def overhead_table(results=None):
    """The markdown table of Lightning's cost per step, on the tiny tutorial model and at realistic sizes."""
    results = results or load_latest()
    tutorial, scaling = results["tutorial"], results["scaling"]
    lines = [
        "| time per optimizer step | vanilla | Lightning | Lightning / vanilla |",
        "|---|---|---|---|",
        f"| tutorial task: `nn.Linear(10, 1)`, batches of 10 | {_ms(tutorial['vanilla_ms_per_step'])} "
        f"| {_ms(tutorial['lightning_ms_per_step'])} | {tutorial['ratio']['median']:.2f}x |",
    ]
    for row in scaling["rows"]:
        lines.append(
            f"| MLP: {scaling['depth']} hidden layers {row['width']} wide, batches of {scaling['batch_size']} "
            f"| {_ms(row['vanilla_ms_per_step'])} | {_ms(row['lightning_ms_per_step'])} "
            f"| {row['ratio']['median']:.3f}x |"
        )
    return "\n".join(lines)


def overhead_markdown(results=None):
    """overhead_table, and what it means in a few sentences, with the machine it was measured on."""
    results = results or load_latest()
    tutorial, scaling, machine = results["tutorial"], results["scaling"], results["machine"]
    lines = [overhead_table(results)]
    added = tutorial["lightning_ms_per_step"]["median"] - tutorial["vanilla_ms_per_step"]["median"]
    # the same few Python calls every step, whatever the model: their median over the widths is the steadiest read
    bare = statistics.median(row["added_ms_per_step"]["median"] for row in scaling["rows"])
    lines += [
        "",
        f"Lightning adds about {added:.2f} ms to each optimizer step of the tutorial task (course settings: "
        f"`self.log` and a CSV logger); a bare Trainer adds about {bare:.2f} ms a step whatever the model, "
        f"so Lightning / vanilla is about 1 + {bare:.2f} ms / (the step's own time).",
        f"Lightning / vanilla is at most 1.05 {_from(scaling['crossing']['1.05'])} "
        f"and at most 1.02 {_from(scaling['crossing']['1.02'])}.",
        f"Medians of {tutorial['ratio']['n']} (tutorial) and {scaling['rows'][-1]['ratio']['n']} (MLP) interleaved runs "
        f"({results['settings']['clock']} time, "
        f"{machine['torch_threads']} torch thread(s)) on {machine['cpu']} ({machine['cores']} cores), "
        f"torch {machine['torch']}, lightning {machine['lightning']}, {machine['date'][:10]}.",
    ]
    return "\n".join(lines)


def _ms(stats):
    value = stats["median"]
    return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"


def _from(width):
    return "at none of the widths measured" if width is None else f"from width {width} up"
