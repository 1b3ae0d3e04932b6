"""The course's own speed: each notebook under `pytest --nbval`, and the whole test command, as a class runs them.

Each is a fresh `python -m pytest` process in the repository, timed from outside, kernel start included: wall
seconds (the targets are about those) and CPU seconds of the process tree (steady when other work shares the
machine; above the wall time where tests run processes side by side). The whole test command runs last, with
the environment warm. Timings are printed and recorded, never asserted.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_TARGET_S = 8  # the targets on a 2-core CPU machine
TEST_COMMAND_TARGET_S = 90
GIVE_UP_S = 600  # a hung test (a dead process group, a lock) must not hang the benchmark with it


def measure(run_test_command=True):
    """{"notebooks": [...], "test_command": {...} or None}: seconds, target, and whether it passed."""
    notebooks = [_timed([path], path, NOTEBOOK_TARGET_S) for path in collected_notebooks()]
    whole = _timed([], "python -m pytest -q", TEST_COMMAND_TARGET_S) if run_test_command else None
    return {"notebooks": notebooks, "test_command": whole}


def collected_notebooks():
    """The notebooks the test command executes, in its order, as pytest itself collects them."""
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "notebooks"]
    listing = subprocess.run(command, cwd=REPO, capture_output=True, text=True).stdout
    return list(
        dict.fromkeys(line.split("::")[0] for line in listing.splitlines() if ".ipynb::" in line)
    )


def _timed(paths, name, target):
    start, cpu_start = time.perf_counter(), _children_cpu_seconds()
    returncode, says = _pytest(paths)
    seconds, cpu_seconds = time.perf_counter() - start, _children_cpu_seconds() - cpu_start
    result = {
        "name": name,
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu_seconds, 1),
        "target_s": target,
        "within_target": returncode is not None
        and seconds <= target,  # a stopped run is not within it
        "passed": returncode == 0,
        "returncode": returncode,
        "pytest_says": says,
    }
    print(
        f"  {name}: {seconds:.1f} s (target {target} s; CPU {cpu_seconds:.1f} s), {says}",
        flush=True,
    )
    return result


def _pytest(paths):
    """(return code or None if stopped, pytest's closing line): `python -m pytest -q PATHS` in the repository."""
    command = [sys.executable, "-m", "pytest", "-q", *paths]
    # its own session, so that on a timeout the processes its tests started are stopped with it
    process = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=GIVE_UP_S)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):  # the whole process group; Windows has no groups to kill
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        return None, f"stopped after {GIVE_UP_S} s"
    closing = [
        line.strip("= ")
        for line in stdout.splitlines()
        if re.search(r"\d+ (passed|failed|error)", line)
    ]
    return process.returncode, closing[-1] if closing else "no summary: " + " ".join(
        (stderr or stdout).split()
    )[-160:]


def _children_cpu_seconds():
    """CPU seconds used so far by finished child processes (and theirs): wall time minus waiting for the machine."""
    try:
        import resource  # POSIX only
    except ImportError:  # Windows: the CPU column reads n/a
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
