"""Runs every 2-process launch path of lesson 6 N times in a row and counts clean exits (status 0, no abort).

python -m staff.bench.soak_ddp [N]   (default 20; about 10 s a run on a 2-core CPU)
Why: spawned gloo workers can abort at exit ("terminate called without an active exception") after training has
finished; the course's launches must not.
"""

import argparse
import subprocess
import sys
import time

FLAGS = ["--devices", "2", "--batch-size", "5", "--epochs", "2"]
IN_PYTHON = "from course import quiet; quiet(); from task.config import TrainConfig; {call}"
PATHS = {
    "torchrun --standalone -m vanilla": [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc-per-node",
        "2",
        "-m",
        "vanilla",
        *FLAGS,
    ],
    "vanilla.ddp.launch (fork)": [
        sys.executable,
        "-c",
        IN_PYTHON.format(
            call="from vanilla.ddp import launch; launch(TrainConfig(devices=2, batch_size=5, epochs=2))"
        ),
    ],
    "python -m lightning_version --strategy ddp": [
        sys.executable,
        "-m",
        "lightning_version",
        *FLAGS,
        "--strategy",
        "ddp",
    ],
    "Trainer(strategy='ddp_notebook')": [
        sys.executable,
        "-c",
        IN_PYTHON.format(
            call="from lightning_version.train import train; train(TrainConfig(devices=2, batch_size=5, epochs=2, "
            "strategy='ddp_notebook'))"
        ),
    ],
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "runs", metavar="N", nargs="?", type=int, default=20, help="runs of each path (20)"
    )
    parser.add_argument(
        "only", metavar="PATH", nargs="*", help="names of the paths to run (default: all)"
    )
    args = parser.parse_args(argv)
    runs, only = args.runs, args.only
    print("| launch path | clean exits | runs | median seconds |\n|---|---|---|---|")
    for name, command in PATHS.items():
        if only and name not in only:
            continue
        clean, seconds = 0, []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
            seconds.append(time.perf_counter() - start)
            aborted = "terminate called" in done.stderr
            clean += done.returncode == 0 and not aborted
            if done.returncode or aborted:
                print(f"--- {name}: exit {done.returncode}\n{done.stderr[-3000:]}", file=sys.stderr)
        print(f"| {name} | {clean} | {runs} | {sorted(seconds)[runs // 2]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
