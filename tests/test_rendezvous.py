"""A data-parallel process whose other processes never come, and what torch reads as it loads: each ends in one line
on stderr with a true status (blind round 2: e05, e08, e09), never torch's 30-minute wait, its C++ log, or libgomp's
lines. Subprocesses: the command lines as a student runs them."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

SIDES = ["vanilla", "lightning_version"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lonely(side):
    """The environment and flags of one process of a 2-process run whose other process is never started: torchrun's
    variables for rank 1 (vanilla), a SLURM job of 2 tasks for task 0 (Lightning)."""
    if side == "vanilla":
        env = {
            "TORCHELASTIC_RUN_ID": "x",
            "RANK": "1",
            "LOCAL_RANK": "1",
            "WORLD_SIZE": "2",
            "LOCAL_WORLD_SIZE": "2",
            "GROUP_RANK": "0",
            "ROLE_RANK": "1",
            "MASTER_ADDR": "127.0.0.1",
            "MASTER_PORT": str(free_port()),
        }
        return env, ["--devices", "2"]
    env = {
        "SLURM_JOB_ID": "1",
        "SLURM_NTASKS": "2",
        "SLURM_PROCID": "0",
        "SLURM_LOCALID": "0",
        "SLURM_NODEID": "0",
        "SLURM_JOB_NAME": "train",
        "SLURM_NTASKS_PER_NODE": "2",
        "SLURM_NNODES": "1",
        "MASTER_PORT": str(free_port()),
    }
    return env, ["--devices", "2", "--strategy", "ddp", "--accelerator", "cpu"]


def start(side, env, flags):
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SLURM_", "TORCHELASTIC_", "MASTER_", "OMP_", "MKL_", "TORCH_CPP"))
    }
    return subprocess.Popen(
        [sys.executable, "-m", side, "--epochs", "1", "--batch-size", "5", *flags],
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("side", SIDES)
def test_a_rendezvous_nobody_joins_ends_after_its_timeout_naming_the_address(side):
    env, flags = lonely(side)
    process = start(side, {**env, "COURSE_RENDEZVOUS_SECONDS": "2"}, flags)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert err.count("\n") == 1, err
    assert (
        f"python -m {side}: error: the other processes of this data-parallel run did not meet this one at "
        f"MASTER_ADDR:MASTER_PORT 127.0.0.1:{env['MASTER_PORT']} within 2 s: start them all"
    ) in err


SIGNALS = [signal.SIGTERM, signal.SIGINT]


def in_the_rendezvous(side, port, listener, process):
    """Returns once `process` provably waits in torch's rendezvous, in its C++ code: Lightning's rank 0 listens on
    MASTER_PORT (its TCPStore server, made and waited on in one C++ call); vanilla's rank 1 connects to it, here to
    the test's listener, which then closes, so that nobody is there again and torch retries."""
    deadline = time.monotonic() + 120
    if side == "vanilla":
        listener.settimeout(120)
        connection, _ = listener.accept()
        connection.close()
        listener.close()
        return
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise AssertionError(f"python -m {side} never listened on MASTER_PORT {port}: {process.poll()}")


@pytest.fixture(scope="module")
def held():
    """The four processes (each side, each signal) started at once, each signalled as soon as it waits in the
    rendezvous: one wait for the watcher's GRACE instead of four. Each test reads its own process's end."""
    started = {}
    try:
        for side in SIDES:
            for signum in SIGNALS:
                env, flags = lonely(side)
                listener = None
                if side == "vanilla":
                    listener = socket.create_server(("127.0.0.1", int(env["MASTER_PORT"])))
                process = start(side, {**env, "COURSE_RENDEZVOUS_SECONDS": "600"}, flags)
                started[side, signum] = int(env["MASTER_PORT"]), listener, process
        alive = {}
        for (side, signum), (port, listener, process) in started.items():
            in_the_rendezvous(side, port, listener, process)
            alive[side, signum] = process.poll() is None
            process.send_signal(signum)
        ended = {}
        for key, (_, _, process) in started.items():
            _, err = process.communicate(timeout=60)
            ended[key] = alive[key], process.returncode, err
        return ended
    finally:
        for _, listener, process in started.values():
            if listener:
                listener.close()
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()


@pytest.mark.parametrize("signum", SIGNALS, ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("side", SIDES)
def test_a_signal_ends_a_process_that_torchs_rendezvous_holds(side, signum, held):
    """torch's C++ TCPStore retries through the signal, so Python's handler never runs: the watcher ends it."""
    alive, returncode, err = held[side, signum]
    assert alive
    assert returncode == 128 + signum, err
    assert err == (
        f"python -m {side}: stopped by {signum.name} while torch's C++ code held the process (a "
        "data-parallel run waiting for its other processes, say), which ended at once\n"
    )


@pytest.mark.parametrize("value", ["abc", "0", "", "-1", "2.5"])
@pytest.mark.parametrize("name", ["OMP_NUM_THREADS", "MKL_NUM_THREADS"])
@pytest.mark.parametrize("side", SIDES)
def test_a_thread_count_that_is_not_a_whole_number_is_refused_before_torch_loads(side, name, value):
    process = start(side, {name: value}, [])
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (
        2,
        f"python -m {side}: error: {name}={value!r} in the environment is not "
        f"a whole number >= 1 of threads: unset {name}, or set it to one such as "
        f"{name}=4 (see --help)\n",
    )


def test_thread_counts_openmp_accepts_pass():
    from common.cli import check_thread_variables

    for value in ["4", " 3", "4,2", "1"]:
        check_thread_variables("prog", {"OMP_NUM_THREADS": value})
