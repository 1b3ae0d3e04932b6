"""SIGTERM and Ctrl-C on real processes of both command lines, mid-epoch: one line that says where the last checkpoint
is, a non-zero status, every checkpoint whole; and a second run refused while the first holds its folder.

The four runs start together and are stopped together, once each has saved its first checkpoint (a module fixture:
the tests below only read what happened).
"""

import importlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lightning_version.__main__  # noqa: F401 (imported now: a second run below starts at once)
import vanilla.__main__  # noqa: F401
from common.checkpoints import load_checkpoint

PACKAGES = ["vanilla", "lightning_version"]
SIGNALS = {"SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT}  # SIGINT: what Ctrl-C sends
# runs until stopped
LONG = ["--n-samples", "4000", "--epochs", "100000", "--log-every-n-steps", "1000"]


@pytest.fixture(scope="module")
def stopped(tmp_path_factory):
    """{(package, signal name): (the process, its stderr, its folder, the refusals of a second run there)}."""
    root = tmp_path_factory.mktemp("signals")
    runs = {}
    for package in PACKAGES:
        for name in SIGNALS:
            folder, stderr = root / f"{package}-{name}", root / f"{package}-{name}.stderr"
            with stderr.open(
                "w"
            ) as file:  # a file, not a pipe, which would fill up and block the run
                process = subprocess.Popen(
                    [sys.executable, "-m", package, *LONG, "--checkpoint-dir", str(folder)],
                    stdout=subprocess.DEVNULL,
                    stderr=file,
                    cwd=root,
                )
            runs[package, name] = process, folder
    done, deadline = {}, time.monotonic() + 120
    try:
        while len(done) < len(runs) and time.monotonic() < deadline:
            for (package, name), (process, folder) in runs.items():
                if (package, name) in done or not (folder / "epoch=0.ckpt").exists():
                    continue
                # while this run holds its folder
                refusals = second_runs(folder) if name == "SIGTERM" else {}
                process.send_signal(SIGNALS[name])
                done[package, name] = refusals
            time.sleep(0.05)
        for process, _ in runs.values():
            process.wait(timeout=60)
    finally:
        for process, _ in runs.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    assert len(done) == len(runs), (
        f"no first checkpoint within 120 s: {[key for key in runs if key not in done]}"
    )
    return {
        key: (process, (root / f"{key[0]}-{key[1]}.stderr").read_text(), folder, done[key])
        for key, (process, folder) in runs.items()
    }


def second_runs(folder):
    """What each CLI says when asked to resume in a folder that a running process holds."""
    refusals = {}
    for package in PACKAGES:
        with pytest.raises(SystemExit) as exit_:
            importlib.import_module(f"{package}.__main__").main(
                ["--checkpoint-dir", str(folder), "--resume"]
            )
        refusals[package] = exit_.value.code
    return refusals


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("name", SIGNALS)
def test_sigterm_and_ctrl_c_end_each_cli_with_one_line_naming_the_last_checkpoint(
    stopped, package, name
):
    process, stderr, folder, _ = stopped[package, name]
    # 143, 130: what a shell reports for a signal
    assert process.returncode == 128 + SIGNALS[name], stderr
    assert "Traceback" not in stderr
    newest = max(folder.glob("epoch=*.ckpt"), key=lambda path: int(path.stem.split("=")[1]))
    assert stderr.splitlines()[-1] == (
        f"python -m {package}: stopped by {name}; the last checkpoint is {newest} "
        "(the same command with --resume continues from it)"
    )


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("name", SIGNALS)
def test_a_stopped_run_leaves_every_checkpoint_whole_and_nothing_else(stopped, package, name):
    _, _, folder, _ = stopped[package, name]
    saved = sorted(folder.iterdir())
    assert saved and all(
        path.name.startswith("epoch=") and path.suffix == ".ckpt" for path in saved
    ), saved
    for (
        path
    ) in saved:  # no .partial, no .lock: only whole checkpoints, each with the flags of its run
        assert load_checkpoint(path)["epoch"] == int(path.stem.split("=")[1])


@pytest.mark.parametrize("holder", PACKAGES)
def test_a_second_run_in_a_folder_in_use_is_refused_naming_the_holder(stopped, holder):
    process, _, folder, refusals = stopped[holder, "SIGTERM"]
    for package, message in refusals.items():
        assert message.startswith(
            f"python -m {package}: error: {folder} is in use by pid {process.pid} on "
        )
        assert f"(python -m {holder}, started " in message and "\n" not in message
        assert message.endswith("): wait for that run to end, or choose another --checkpoint-dir")
    assert sorted(refusals) == sorted(PACKAGES)
    assert not Path(folder, ".lock").exists()  # the holder removed its lock as it stopped


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the handlers from /proc/PID/status"
)
def test_a_signal_while_a_cli_starts_ends_it_in_one_line(tmp_path):
    """SIGTERM or Ctrl-C while torch and Lightning load (seconds), before training's own handlers: one line, 143 /
    130, no traceback. The SIGINT goes to a process started with SIGINT ignored, as a shell starts a background job:
    it is honoured all the same. Each is sent once the command's first line has run (it catches SIGTERM then)."""
    runs = {}
    for package in PACKAGES:
        for name in SIGNALS:
            ignore = (
                (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if name == "SIGINT" else None
            )
            runs[package, name] = subprocess.Popen(
                [sys.executable, "-m", package, *LONG],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=tmp_path,
                preexec_fn=ignore,
            )
    try:
        for (package, name), process in runs.items():
            deadline = time.monotonic() + 30
            while not _catches(process.pid, signal.SIGTERM):
                assert process.poll() is None and time.monotonic() < deadline, (
                    f"{package} never started"
                )
                time.sleep(0.002)
            process.send_signal(SIGNALS[name])
        ended = {
            key: (process.communicate(timeout=60), process.returncode)
            for key, process in runs.items()
        }
    finally:
        for process in runs.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    for (package, name), ((out, err), status) in ended.items():
        assert (status, out, err) == (
            128 + SIGNALS[name],
            "",
            f"python -m {package}: stopped by {name} outside "
            "training (while starting or exiting), when nothing is being saved\n",
        )


def _catches(pid, signum):
    """Whether process pid has a handler of its own for signum: its bit in /proc/PID/status's SigCgt mask."""
    status = Path(f"/proc/{pid}/status").read_text()
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask, 16) >> (signum - 1) & 1)
