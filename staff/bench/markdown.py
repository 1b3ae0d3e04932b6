"""The results as markdown (course/bench_results/latest.md): every table the benchmark measured, with its machine."""

from course.bench_report import overhead_markdown

CLAIMS = [
    (
        "Lightning docs, Benchmarking page (chart dated 2020-12-16)",
        '"In average for simple MNIST CNN classifier we are only about 0.06s slower per epoch"',
        "https://lightning.ai/docs/pytorch/stable/benchmarking/benchmarks.html",
    ),
    (
        "Lightning README",
        '"Minimal running speed overhead (about 300 ms per epoch compared with pure PyTorch)"',
        "https://github.com/Lightning-AI/pytorch-lightning",
    ),
]

CLOCK_NOTES = {
    "wall": "Clock: wall time (`time.perf_counter`).",
    "cpu": "Clock: CPU time of the benchmark's process (`time.process_time`), not wall time: the machine was shared "
    "with other work, and CPU time counts what a run costs whatever else runs; with one torch thread it is "
    "close to the wall time of the same run on a quiet machine (waits for the disk, as when a checkpoint is "
    "written, are not counted).",
}


def render(results):
    machine, tutorial = results["machine"], results["tutorial"]
    lines = [
        "# What Lightning costs, measured side by side",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, torch threads: {machine['torch_threads']}, "
        f"GPU: {machine['gpu'] or 'none'}; Python {machine['python']}, torch {machine['torch']}, "
        f"lightning {machine['lightning']}; {machine['os']}; {machine['date']}; "
        f"load average at start {machine['load_average_1min']}.",
        "",
        f"Produced by `{results['settings']['command']}`. {CLOCK_NOTES[results['settings']['clock']]} "
        f"Medians of {results['settings']['repeats']} runs, the versions interleaved round by round; "
        "spread = interquartile range (q1-q3).",
        "",
        "## In one table",
        "",
        overhead_markdown(results),
        "",
        f"## The tutorial task ({tutorial['epochs']} epochs, {tutorial['steps']} optimizer steps)",
        "",
        "| | vanilla `train(config)` | Lightning `train(config)` | Lightning / vanilla |",
        "|---|---|---|---|",
        f"| ms per optimizer step | {_spread(tutorial['vanilla_ms_per_step'])} "
        f"| {_spread(tutorial['lightning_ms_per_step'])} | {_spread(tutorial['ratio'])} |",
        f"| a course run ({tutorial['course_run_epochs']} epochs), s "
        f"| {_spread(tutorial['course_run_s']['vanilla'])} "
        f"| {_spread(tutorial['course_run_s']['lightning'])} | |",
        "",
    ]
    lines += (
        _features(results["features"]) + _scaling(results["scaling"]) + _fresh(results["fresh"])
    )
    lines += _claims(tutorial) + _course(results.get("course")) + _gpu(results["gpu"])
    return "\n".join(lines) + "\n"


def _features(features):
    lines = [
        f"## What each Trainer feature costs (tutorial task, {features['steps']} steps, one at a time)",
        "",
        "| Trainer | ms per step | added ms per step | x bare |",
        "|---|---|---|---|",
    ]
    for row in features["rows"]:
        lines.append(
            f"| {row['name']} | {_spread(row['ms_per_step'])} | {row['added_ms_per_step']:+.3f} "
            f"| {row['vs_bare']:.2f} |"
        )
    return lines + [""]


def _scaling(scaling):
    lines = [
        f"## A compute-bound model: MLP, {scaling['depth']} hidden layers, batches of {scaling['batch_size']}, "
        f"on {scaling['device']}",
        "",
        f"Per optimizer step inside the training loop, medians of {scaling['repeats']} runs; the Trainer's "
        "start-up is in its own column.",
        "",
        "| width | steps | vanilla ms/step | Lightning ms/step | added ms/step | Lightning / vanilla "
        "| whole fit ratio | Lightning start-up s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in scaling["rows"]:
        lines.append(
            f"| {row['width']} | {row['steps']} | {_spread(row['vanilla_ms_per_step'])} "
            f"| {_spread(row['lightning_ms_per_step'])} | {row['added_ms_per_step']['median']:.3f} "
            f"| {_spread(row['ratio'])} | {row['ratio_whole_fit']['median']:.3f} "
            f"| {row['lightning_startup_s']['median']:.3f} |"
        )
    for threshold, width in scaling["crossing"].items():
        lines.append(
            f"\nRatio <= {threshold} "
            + ("at none of these widths." if width is None else f"from width {width} up.")
        )
    return lines + ["", "![ratio against width](ratio.png)", ""]


def _fresh(fresh):
    lines = [
        "## Start-up and memory (fresh processes)",
        "",
        "Import: the `import` statement alone, in a new process. Peak: the process's peak resident set "
        "size (VmHWM), libraries included.",
        "",
        "| | seconds | peak MB |",
        "|---|---|---|",
    ]
    for name, stats in fresh["import_s"].items():
        lines.append(
            f"| `import {name}` | {_spread(stats)} | {fresh['peak_mb']['import ' + name]['median']:.0f} |"
        )
    for name, stats in fresh["peak_mb"].items():
        if not name.startswith("import "):
            lines.append(f"| import + {name} on the tutorial task | | {stats['median']:.0f} |")
    return lines + [""]


def _claims(tutorial):
    steps_per_epoch = tutorial["steps"] // tutorial["epochs"]
    added = tutorial["lightning_ms_per_step"]["median"] - tutorial["vanilla_ms_per_step"]["median"]
    lines = ["## Lightning's own claims, beside ours", "", "| source | claim |", "|---|---|"]
    lines += [f"| {source} ([link]({url})) | {claim} |" for source, claim, url in CLAIMS]
    lines += [
        f"| this benchmark | Lightning adds {added:.2f} ms per step, {added * steps_per_epoch:.1f} ms per epoch "
        f"of the tutorial task ({steps_per_epoch} steps); at that rate an MNIST epoch of 938 steps "
        f"(batches of 64) would carry {added * 938 / 1000:.2f} s (an extrapolation, not a measurement) |",
        "",
    ]
    return lines


def _course(course):
    if course is None:
        return ["## The course's speed", "", "Not measured in this run (`--skip-course`).", ""]
    lines = [
        "## The course's speed (`pytest --nbval`, fresh process each)",
        "",
        "Wall seconds (the targets are about those) and CPU seconds of the process tree.",
        "",
        "| what | seconds | CPU seconds | target | within target | pytest says |",
        "|---|---|---|---|---|---|",
    ]
    for row in course["notebooks"] + [course["test_command"]] * bool(course["test_command"]):
        lines.append(
            f"| {row['name']} | {row['seconds']:.1f} | {row['cpu_s']:.1f} | {row['target_s']} | "
            f"{'yes' if row['within_target'] else 'no'} | {row['pytest_says']} |"
        )
    return lines + [""]


def _gpu(gpu):
    if not gpu.get("ran"):
        return ["## GPU", "", f"Not run: {gpu['why']}", ""]
    lines = [
        f"## Mixed precision on {gpu['device_name']} (width {gpu['width']}, batches of {gpu['batch_size']})",
        "",
        "| version | precision | ms per step | speed-up over 32 |",
        "|---|---|---|---|",
    ]
    for name, stats in gpu["ms_per_step"].items():
        version, precision = name.split(" ", 1)
        speedup = gpu["speedup_over_32"].get(name, 1.0)
        lines.append(f"| {version} | {precision} | {_spread(stats)} | {speedup:.2f}x |")
    return lines + [""]


def _spread(stats):
    return f"{stats['median']:.4g} ({stats['q1']:.4g}-{stats['q3']:.4g})"
