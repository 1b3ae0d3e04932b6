"""Where Lightning's extra time per mixed-precision step goes: `python -m staff.bench.precision_gap [--accelerator
cuda]`.

The benchmark's MLP (3 hidden layers, batches of 4096) is profiled with torch.profiler, one fit of each version at
each precision after a warm-up: the operators each step runs (and, on a GPU, the kernels it launches and the GPU's
busy time), then the operators Lightning runs that the hand-written loop does not. Wall time per step is a median
of 5 interleaved runs without the profiler. Prints; asserts nothing.
"""

import argparse
import collections
import logging
import statistics
import warnings

import torch
from torch.profiler import ProfilerActivity, profile

from staff.bench import mlp

FITS = {"vanilla": mlp.fit_vanilla, "lightning": mlp.fit_lightning}


def per_step(device, width, steps, precision, repeats=5):
    """{version: {"ms": wall ms per step, "ops": Counter of operator calls per step, "kernels", "gpu_ms"}}."""
    loader = mlp.make_loader(width, 4096, steps, device)
    walls = collections.defaultdict(list)
    for _ in range(repeats):
        for version, fit in FITS.items():
            walls[version].append(fit(width, 3, loader, device, precision)[0] / steps * 1e3)
    found = {}
    for version, fit in FITS.items():
        activities = [ProfilerActivity.CPU] + (
            [ProfilerActivity.CUDA] if device.type == "cuda" else []
        )
        with profile(activities=activities) as profiled:
            fit(width, 3, loader, device, precision)
        events = profiled.key_averages()
        ops = collections.Counter(
            {event.key: event.count / steps for event in events if event.key.startswith("aten::")}
        )
        gpu = [
            event
            for event in profiled.events()
            if event.device_type == torch.autograd.DeviceType.CUDA
        ]
        found[version] = {
            "ms": statistics.median(walls[version]),
            "ops": ops,
            "kernels": len(gpu) / steps,
            "gpu_ms": sum(event.device_time_total for event in gpu) / steps / 1e3,
        }
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.bench.precision_gap", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--accelerator", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument(
        "--width", type=int, default=None, help="hidden width (default: 64 on cpu, 2048 on cuda)"
    )
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # Lightning's advice about workers and the model summary
    logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
    device = torch.device(args.accelerator)
    width = args.width or (2048 if device.type == "cuda" else 64)
    precisions = ("32", "bf16-mixed", "16-mixed") if device.type == "cuda" else ("32", "bf16-mixed")
    print(
        f"MLP width {width}, 3 hidden layers, batches of 4096, {args.steps} steps, on {device.type}; "
        f"torch {torch.__version__}"
    )
    print("precision   version    ms/step  added  operators/step  kernels/step  GPU busy ms/step")
    extra = {}
    for precision in precisions:
        found = per_step(device, width, args.steps, precision)
        for version, row in found.items():
            added = (
                f"{row['ms'] - found['vanilla']['ms']:+5.3f}" if version == "lightning" else "     "
            )
            print(
                f"{precision:<11} {version:<9} {row['ms']:8.3f} {added}  {sum(row['ops'].values()):14.1f}  "
                f"{row['kernels']:12.1f}  {row['gpu_ms']:16.3f}"
            )
        extra[precision] = found["lightning"]["ops"] - found["vanilla"]["ops"]
    for precision, ops in extra.items():
        listed = ", ".join(
            f"{name} x{count:g}" for name, count in sorted(ops.items()) if count >= 0.5
        )
        print(f"operators Lightning adds per step in {precision}: {listed or 'none'}")


if __name__ == "__main__":
    main()
