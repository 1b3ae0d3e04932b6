"""`make bench` / `python -m staff.bench`: measure everything, print it, and record it in course/bench_results/.

Sections run one after the other; within each, the vanilla and Lightning runs are interleaved. A section that
fails is recorded with its error and the others still run. Timings are printed and recorded, never asserted.
"""

import argparse
import json
import os
import tempfile
import traceback

import torch

from course import quiet
from course.bench_report import results_dir
from staff.bench import course_speed, features, fresh, markdown, scaling, tutorial
from staff.bench.machine import describe
from staff.bench.plot import plot_ratio
from staff.bench.stats import use_clock

# (widths, batch size) of the sweep: from a step the Trainer's bookkeeping dominates to one that compute dominates
SIZES = {
    "cpu": ((32, 64, 128, 256, 512, 1024), 512),
    "cuda": ((256, 512, 1024, 2048, 4096, 8192), 4096),
}
QUICK_WIDTHS = {"cpu": (64, 256, 1024), "cuda": (512, 2048, 8192)}
DEPTH = 3


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--accelerator",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="auto: a CUDA GPU when there is one, else the CPU",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run: fewer sizes and repeats"
    )
    parser.add_argument(
        "--skip-course", action="store_true", help="do not time the notebooks and the test command"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch CPU threads (default: torch's own choice, usually one per core)",
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: the time a student waits; cpu: the CPU time of the process, steadier on a shared "
        "machine (use it with --threads 1; CPU only)",
    )
    parser.add_argument(
        "--results",
        default=None,
        help="folder for latest.{md,json} and ratio.png "
        "(default: course/bench_results/, or course/bench_results/cuda/ on a GPU)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    accelerator = (
        ("cuda" if torch.cuda.is_available() else "cpu")
        if args.accelerator == "auto"
        else args.accelerator
    )
    if accelerator == "cuda" and not torch.cuda.is_available():
        raise SystemExit(
            "python -m staff.bench: error: --accelerator cuda but this machine has no CUDA GPU"
        )
    # the CPU waits for the GPU: its clock says nothing
    if accelerator == "cuda" and args.clock == "cpu":
        raise SystemExit(
            "python -m staff.bench: error: --clock cpu measures the CPU only: use --clock wall on a GPU"
        )
    use_clock(args.clock)
    if args.threads:
        torch.set_num_threads(args.threads)
    quiet()

    repeats, epochs = (3, 10) if args.quick else (5, 50)
    # a ratio near 1 needs more runs than a ratio near 4 to be read right
    sweep_repeats = 3 if args.quick else 7
    widths, batch_size = SIZES[accelerator]
    widths = QUICK_WIDTHS[accelerator] if args.quick else widths
    seconds_per_run = 0.1 if args.quick else 0.6
    device = torch.device(accelerator)
    results = {
        "machine": describe(),
        "settings": {
            "repeats": repeats,
            "quick": args.quick,
            "accelerator": accelerator,
            "clock": args.clock,
            "command": _command(args),
        },
    }
    _warn_if_busy(results["machine"])
    failed = []
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        home = os.getcwd()
        os.chdir(scratch)  # lightning_logs/ and checkpoints land here, never in the repository
        try:
            sections = {
                "tutorial": lambda: tutorial.compare(accelerator, repeats, epochs),
                "features": lambda: features.compare(accelerator, repeats, epochs, scratch),
                "scaling": lambda: scaling.sweep(
                    device, widths, batch_size, DEPTH, sweep_repeats, seconds_per_run
                ),
                "gpu": lambda: _gpu(device, widths[-2], batch_size, repeats, seconds_per_run),
                "fresh": lambda: fresh.measure(
                    accelerator, 2 if args.quick else 5, 1 if args.quick else 2, scratch
                ),
                "course": lambda: (
                    None
                    if args.skip_course
                    else course_speed.measure(run_test_command=not args.quick)
                ),
            }
            for name, measure in sections.items():
                print(f"== {name}", flush=True)
                try:
                    results[name] = measure()
                # record it, go on: one broken section must not throw away the others
                except Exception:
                    results[name] = {"error": traceback.format_exc(limit=3)}
                    failed.append(name)
                    print(results[name]["error"], flush=True)
        finally:
            os.chdir(home)
    return _record(results, args.results or results_dir(accelerator), failed)


def _command(args):
    """The command that made these results, to print beside them."""
    flags = [
        f"--{name} {value}"
        for name, value in (
            ("accelerator", args.accelerator),
            ("threads", args.threads),
            ("clock", args.clock),
        )
        if value not in (None, "auto", "wall")
    ]
    flags += ["--quick"] * args.quick + ["--skip-course"] * args.skip_course
    return " ".join(["python -m staff.bench", *flags])


def _warn_if_busy(machine):
    """Other work on the machine makes every timing noisy: say so before measuring, and record the load."""
    if machine["load_average_1min"] > 0.5 * machine["cores"]:
        print(
            f"note: this machine is busy (load {machine['load_average_1min']} on {machine['cores']} cores): "
            "timings will be noisy; the medians of interleaved runs soften it, a quiet machine is better."
        )


def _gpu(device, width, batch_size, repeats, seconds_per_run):
    if device.type != "cuda":
        return {
            "ran": False,
            "why": "no CUDA device on this machine (torch.cuda.is_available() is False); "
            "run `make bench` on a GPU machine to measure CUDA and the bf16-mixed / 16-mixed speed-ups.",
        }
    steps = scaling.calibrate_steps(width, DEPTH, batch_size, device, seconds_per_run)
    return {"ran": True} | scaling.precision_speedups(
        device, width, batch_size, DEPTH, repeats, steps
    )


def _record(results, folder, failed):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "latest.json"), "w") as file:
        json.dump(results, file, indent=1)
        file.write("\n")
    if failed:
        print(f"\nnot recorded as markdown: these sections failed: {', '.join(failed)}")
        return 1
    text = markdown.render(results)
    with open(os.path.join(folder, "latest.md"), "w") as file:
        file.write(text)
    plot_ratio(results["scaling"], os.path.join(folder, "ratio.png"))
    print("\n" + text + f"\nrecorded in {folder}/latest.md, latest.json and ratio.png")
    return 0
