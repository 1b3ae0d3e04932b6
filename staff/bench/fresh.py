"""What a fresh Python process pays: the import of torch and of lightning, and the peak memory of a run.

Each measurement is a new process (`python -m staff.bench.fresh MODE ACCELERATOR CLOCK`), so nothing is cached in
memory: the import time is the `import` statement alone, on the benchmark's clock (the interpreter's own start-up
is left out); the peak memory is the process's peak resident set size (VmHWM in /proc/self/status): the libraries
loaded plus what the run allocated.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from staff.bench.stats import clock_name, interleave, now, summary, use_clock

REPO = Path(__file__).resolve().parents[2]
IMPORTS = {"torch": "torch", "lightning": "lightning"}
RUNS = {"vanilla train()": "vanilla.train", "lightning train()": "lightning_version.train"}


def measure(accelerator, import_repeats, run_repeats, cwd):
    """Import seconds and peak MB of fresh processes, interleaved; runs write their files under cwd."""
    # first, so the imports below find the OS file cache warm, as in class
    runs = interleave(
        {name: lambda m=mode: _child(m, accelerator, cwd) for name, mode in RUNS.items()},
        run_repeats,
        warmup=0,
    )
    imports = interleave(
        {name: lambda m=mode: _child(m, accelerator, cwd) for name, mode in IMPORTS.items()},
        import_repeats,
        warmup=0,
    )
    return {
        "import_s": {
            name: summary([r["import_s"] for r in results]) for name, results in imports.items()
        },
        "peak_mb": {
            f"import {name}": summary([r["peak_mb"] for r in results])
            for name, results in imports.items()
        }
        | {name: summary([r["peak_mb"] for r in results]) for name, results in runs.items()},
    }


def _child(mode, accelerator, cwd):
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    }
    done = subprocess.run(
        [sys.executable, "-m", "staff.bench.fresh", mode, accelerator, clock_name()],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    """In the child: import the module, train the tutorial task if it has `train`, print seconds and peak MB."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="python -m staff.bench.fresh", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "mode", metavar="MODE", help="the module to import: torch, lightning, or one with train()"
    )
    parser.add_argument("accelerator", metavar="ACCELERATOR", help="where train() runs")
    parser.add_argument("clock", metavar="CLOCK", help="the parent's clock: wall or cpu")
    args = parser.parse_args(argv)
    mode, accelerator, clock = args.mode, args.accelerator, args.clock
    use_clock(clock)  # the parent's clock
    start = now()
    module = importlib.import_module(mode)
    import_seconds = now() - start
    if hasattr(module, "train"):
        from task.config import TrainConfig

        module.train(TrainConfig(accelerator=accelerator))
    print(json.dumps({"import_s": import_seconds, "peak_mb": _peak_kb() / 1024}))


def _peak_kb():
    """Peak resident set size of this process in kB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork + exec, so a child started by a big parent would
    report the parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:  # not Linux: ru_maxrss is the best there is (kB on Linux, bytes on macOS)
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
