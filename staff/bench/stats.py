"""Repeated, interleaved measurements and their summaries: medians with the spread, never a single run."""

import gc
import statistics
import time

# Wall time is what a student waits. CPU time (of this process, all its threads) is what a run costs whatever
# else the machine runs: on a shared machine, with one torch thread, it is the steadier measure of the same work.
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = {"name": "wall"}


def use_clock(name):
    """Every measurement of the benchmark reads this clock from now on: "wall" or "cpu"."""
    if name not in CLOCKS:
        raise ValueError(f"clock must be one of {', '.join(CLOCKS)}, got {name!r}")
    _clock["name"] = name


def clock_name():
    return _clock["name"]


def now():
    """Seconds on the chosen clock."""
    return CLOCKS[_clock["name"]]()


def interleave(candidates, repeats, warmup=1):
    """Runs every candidate once per round, round after round, so machine noise hits all of them alike.

    candidates: {name: function returning a measurement}. Returns {name: [measurement per round]}.
    Warm-up rounds are thrown away: the first fit in a process pays for lazy imports and allocator growth.
    """
    for _ in range(warmup):
        for run in candidates.values():
            run()
    samples = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, run in candidates.items():
            gc.collect()  # a collection triggered by the previous run must not land in this one
            samples[name].append(run())
    return samples


def summary(values, scale=1.0):
    """Median, quartiles and range of a list of numbers, each multiplied by scale and rounded."""
    values = sorted(value * scale for value in values)
    if len(values) > 1:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    stats = {
        "median": statistics.median(values),
        "q1": q1,
        "q3": q3,
        "min": values[0],
        "max": values[-1],
    }
    return {key: _round(value) for key, value in stats.items()} | {"n": len(values)}


def paired_ratios(numerators, denominators):
    """Ratio of each round's pair: runs next to each other share the machine's load, so the ratio cancels it."""
    return [a / b for a, b in zip(numerators, denominators)]


def _round(value, digits=4):
    """Four significant digits: enough for a benchmark, short enough for a results file."""
    return float(f"{value:.{digits}g}")
