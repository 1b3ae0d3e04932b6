"""The Lightning/vanilla ratio as the model grows: where compute dominates, the Trainer's per-step cost fades.

Each size gets as many steps as fill about `seconds_per_run` of the vanilla loop, the same for both versions.
The ratio is per optimizer step inside the training loop; the Trainer's start-up is reported apart.
"""

import torch

from staff.bench.mlp import fit_lightning, fit_vanilla, make_loader
from staff.bench.stats import interleave, paired_ratios, summary

THRESHOLDS = (1.05, 1.02)


def sweep(device, widths, batch_size, depth, repeats, seconds_per_run):
    """One row per width: ms per step of both versions, their ratio, and Lightning's fixed start-up."""
    rows = []
    for width in widths:
        rows.append(measure_width(device, width, batch_size, depth, repeats, seconds_per_run))
        print(
            f"  width {width:>5}: {rows[-1]['steps']:>5} steps, "
            f"vanilla {rows[-1]['vanilla_ms_per_step']['median']:.3f} ms, "
            f"lightning {rows[-1]['lightning_ms_per_step']['median']:.3f} ms, "
            f"ratio {rows[-1]['ratio']['median']:.3f}",
            flush=True,
        )
    return {
        "batch_size": batch_size,
        "depth": depth,
        "device": str(device),
        "repeats": repeats,
        "rows": rows,
        "crossing": {str(threshold): crossing(rows, threshold) for threshold in THRESHOLDS},
    }


def measure_width(device, width, batch_size, depth, repeats, seconds_per_run):
    steps = calibrate_steps(width, depth, batch_size, device, seconds_per_run)
    loader = make_loader(width, batch_size, steps, device)
    samples = interleave(
        {
            "vanilla": lambda: fit_vanilla(width, depth, loader, device),
            "lightning": lambda: fit_lightning(width, depth, loader, device),
        },
        repeats,
    )
    vanilla_loop, vanilla_fit = zip(*samples["vanilla"])
    lightning_loop, lightning_fit = zip(*samples["lightning"])
    return {
        "width": width,
        "steps": steps,
        "vanilla_ms_per_step": summary(vanilla_loop, scale=1000 / steps),
        "lightning_ms_per_step": summary(lightning_loop, scale=1000 / steps),
        "added_ms_per_step": summary(
            [lit - van for lit, van in zip(lightning_loop, vanilla_loop)], scale=1000 / steps
        ),
        "ratio": summary(paired_ratios(lightning_loop, vanilla_loop)),
        "ratio_whole_fit": summary(paired_ratios(lightning_fit, vanilla_fit)),
        "lightning_startup_s": summary(
            [fit - loop for loop, fit in zip(lightning_loop, lightning_fit)]
        ),
    }


def crossing(rows, threshold):
    """The smallest width from which the median ratio stays at or below threshold for every larger width."""
    found = None
    for row in reversed(rows):
        if row["ratio"]["median"] > threshold:
            break
        found = row["width"]
    return found


def calibrate_steps(width, depth, batch_size, device, seconds_per_run, low=20, high=3000):
    """Steps that fill about seconds_per_run of the vanilla loop, from a few timed steps after a warm-up.

    The fastest of three probes: a probe slowed by other work would shrink every run at this width.
    """
    probe = make_loader(width, batch_size, 5, device)
    fit_vanilla(width, depth, probe, device)
    loop_seconds = min(fit_vanilla(width, depth, probe, device)[0] for _ in range(3))
    return max(low, min(high, round(seconds_per_run / (loop_seconds / 5))))


def precision_speedups(device, width, batch_size, depth, repeats, steps):
    """At one compute-bound size: ms per step of 32, bf16-mixed and 16-mixed for both versions, and speed-ups."""
    loader = make_loader(width, batch_size, steps, device)
    candidates = {}
    for precision in ("32", "bf16-mixed", "16-mixed"):
        candidates[f"vanilla {precision}"] = lambda p=precision: fit_vanilla(
            width, depth, loader, device, p
        )
        candidates[f"lightning {precision}"] = lambda p=precision: fit_lightning(
            width, depth, loader, device, p
        )
    samples = interleave(candidates, repeats)
    ms = {
        name: summary([loop for loop, _ in runs], scale=1000 / steps)
        for name, runs in samples.items()
    }
    speedups = {
        f"{version} {low}": round(
            ms[f"{version} 32"]["median"] / ms[f"{version} {low}"]["median"], 3
        )
        for version in ("vanilla", "lightning")
        for low in ("bf16-mixed", "16-mixed")
    }
    return {
        "width": width,
        "batch_size": batch_size,
        "depth": depth,
        "steps": steps,
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
        "ms_per_step": ms,
        "speedup_over_32": speedups,
    }
