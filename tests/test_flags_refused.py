"""Odd flags, folders and launcher variables end both command lines with one line that names the flag, the file or the
variable and what to do: status 2 for what is refused when parsed, 1 for a fault during the run, the same on both
sides. A value that cannot change anything is refused; flags the chosen data set ignores are warned about, because
that run is still the one asked for.
"""

import csv
import importlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from lightning.pytorch.loggers import CSVLogger

from common.checks import PeerLost
from common.cli import check_launch, peers_lost_in_one_line
from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.logs import new_version
from vanilla.train import train as train_vanilla

PACKAGES = ["vanilla", "lightning_version"]
ROOT = Path(__file__).parents[1]


def cli(package, argv, capsys):
    """(exit status, stdout, stderr) of a CLI's main() run in this process."""
    status = 0
    try:
        importlib.import_module(f"{package}.__main__").main([str(arg) for arg in argv])
    except SystemExit as exit_:
        status = exit_.code
        # sys.exit(message): Python prints it to stderr and exits with status 1
        if isinstance(status, str):
            print(status, file=sys.stderr)
            status = 1
    printed = capsys.readouterr()
    return status, printed.out, printed.err


def refused(package, argv, capsys):
    """The one line a refused command prints, once its status is known to be 2."""
    status, out, err = cli(package, argv, capsys)
    assert (status, out, err.count("\n")) == (2, "", 1), err
    prefix, line = f"python -m {package}: error: ", err.rstrip("\n")
    assert line.startswith(prefix) and line.endswith(" (see --help)"), line
    return line[len(prefix) : -len(" (see --help)")]


# Values that float32 cannot hold or that change nothing: refused, status 2 ---------------------------------------------

NOTHING_CHANGES = {
    "--lr 1e308": (
        ["--lr", "1e308"],
        "--lr 1e+308 is above float32's largest number (3.403e+38), and the "
        "weights, gradients and data are float32: use a smaller value",
    ),
    "--gradient-clip-val 1e39": (
        ["--gradient-clip-val", "1e39"],
        "--gradient-clip-val 1e+39 is above float32's largest number",
    ),
    "--lr 1e-320": (
        ["--lr", "1e-320"],
        "--lr 1e-320 is below float32's smallest normal number (1.175e-38), which "
        "float32 math rounds away, so it would change nothing: use a larger --lr",
    ),
    "--gradient-clip-val 1e-45": (
        ["--gradient-clip-val", "1e-45"],
        "--gradient-clip-val 1e-45 is below float32's "
        "smallest normal number (1.175e-38), which float32 math rounds away, so it would "
        "change nothing: pass 0 to turn clipping off, or a larger value",
    ),
    "--noise 1e-40": (
        ["--noise", "1e-40"],
        "--noise 1e-40 is below float32's smallest normal number (1.175e-38), "
        "which float32 math rounds away, so it would change nothing: pass 0 for no noise",
    ),
    "--accumulate-grad-batches 2147483647": (
        ["--accumulate-grad-batches", "2147483647"],
        "--accumulate-grad-batches "
        "2147483647 is more than the 10 batches of an epoch (per process), so "
        "each epoch would end with one step of a gradient divided by 2147483647: "
        "use at most 10",
    ),
    "accumulation over 2 processes' shares": (
        [
            "--accumulate-grad-batches",
            "6",
            "--devices",
            "2",
            "--accelerator",
            "cpu",
            "--strategy",
            "ddp",
        ],
        "--accumulate-grad-batches 6 is more than the 5 batches of an epoch (per process)",
    ),
    "--log-every-n-steps 2147483647": (
        ["--log-every-n-steps", "2147483647", "--log-dir", "logs", "--epochs", "1"],
        "--log-every-n-steps 2147483647 is more than the 10 optimizer steps of this "
        "run, so logs would get no train_loss row: use at most 10, or leave out "
        "--log-dir",
    ),
    "log interval over the run's steps": (
        [
            "--log-every-n-steps",
            "16",
            "--log-dir",
            "logs",
            "--epochs",
            "3",
            "--accumulate-grad-batches",
            "2",
        ],
        "--log-every-n-steps 16 is more than the 15 optimizer steps of this run",
    ),
    "--strategy ddp_spawn": (
        ["--strategy", "ddp_spawn"],
        "--strategy ddp_spawn starts the processes from inside "
        "Python (for notebooks) and keeps the losses there, so the command would print none: use "
        "--strategy ddp, which starts this command again for each process",
    ),
    "--strategy ddp_notebook": (
        ["--strategy", "ddp_notebook", "--devices", "2"],
        "--strategy ddp_notebook starts the processes from inside Python",
    ),
    "--lr-decay 1e-300": (
        ["--lr-decay", "1e-300", "--epochs", "3"],
        "--lr-decay 1e-300 takes the lr (--lr x "
        "--lr-decay ** epoch) below float32's smallest normal number (1.175e-38) from epoch 1 on, "
        "which float32 math rounds away, so those epochs would change nothing: use --lr-decay "
        "1.084e-18 or more, or --epochs 1",
    ),
}


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("case", NOTHING_CHANGES)
def test_a_value_that_cannot_change_anything_is_refused_at_parse_time(case, package, capsys):
    argv, message = NOTHING_CHANGES[case]
    assert refused(package, argv, capsys).startswith(message)


def test_the_largest_values_that_do_change_something_are_accepted(capsys):
    """The limits are where the refusals start: an epoch's 10 batches, a run's steps, float32's own range."""
    for argv in (
        [
            "--accumulate-grad-batches",
            "10",
            "--log-every-n-steps",
            "2",
            "--log-dir",
            "logs",
            "--epochs",
            "2",
        ],
        [
            "--log-every-n-steps",
            "15",
            "--log-dir",
            "logs",
            "--epochs",
            "3",
            "--accumulate-grad-batches",
            "2",
        ],
        ["--log-every-n-steps", "2147483647", "--epochs", "1"],  # no log asked for: nothing to miss
        ["--lr", "3e38", "--gradient-clip-val", "1.2e-38", "--noise", "0", "--epochs", "1"],
    ):
        status, out, err = cli("vanilla", argv, capsys)
        assert (status, err) == (0, ""), err


def test_the_smallest_lr_decay_that_keeps_the_lr_in_float32_is_where_the_refusals_start():
    # the last epoch's lr, 0.01 x 1.085e-18 ** 2, is above 1.175e-38
    TrainConfig(lr_decay=1.085e-18, epochs=3)
    with pytest.raises(ValueError, match="^--lr-decay 1.083e-18 takes the lr"):
        TrainConfig(lr_decay=1.083e-18, epochs=3)


@pytest.mark.parametrize("package", PACKAGES)
def test_an_lr_below_float32s_resolution_is_warned_in_one_line_and_indeed_changes_nothing(
    package, capsys
):
    status, out, err = cli(package, ["--lr", "1e-20", "--epochs", "2"], capsys)
    assert (status, err) == (
        0,
        f"python -m {package}: warning: --lr 1e-20 is below float32's resolution (1.192e-07): "
        "a step moves a float32 weight w only where |gradient| > |w| x 5.96e+12, so training "
        "may change nothing: use a larger --lr\n",
    )
    train = {"vanilla": train_vanilla, "lightning_version": train_lightning}[package]
    losses = train(TrainConfig(lr=1e-20, epochs=2)).step_losses  # 10 batches an epoch
    assert torch.equal(losses[:10], losses[10:])  # what the warning says: no step moved a weight
    status, out, err = cli(
        package, ["--lr", "0.001", "--lr-decay", "0.001", "--epochs", "3"], capsys
    )
    assert status == 0 and err == (
        f"python -m {package}: warning: the lr of the last epoch (1e-09) is below "
        "float32's resolution (1.192e-07): a step moves a float32 weight w only where "
        "|gradient| > |w| x 59.6, so training may change nothing: use a larger --lr or "
        "--lr-decay, or fewer --epochs\n"
    )
    # eps itself: no warning
    assert cli(package, ["--lr", "1.2e-7", "--epochs", "1"], capsys)[::2] == (0, "")


# Flags the data set ignores: warned, one line, the run goes on ---------------------------------------------------------


@pytest.mark.parametrize("package", PACKAGES)
def test_flags_the_diabetes_data_ignore_are_warned_in_one_line_and_the_run_goes_on(package, capsys):
    status, out, err = cli(
        package,
        ["--dataset", "diabetes", "--n-samples", "50", "--noise", "0.5", "--epochs", "1"],
        capsys,
    )
    assert (status, err) == (
        0,
        f"python -m {package}: warning: --n-samples 50 and --noise 0.5 are ignored with "
        "--dataset diabetes (its 442 rows are fixed): leave them out\n",
    )
    assert "final: train_loss 0.7462" in out  # the diabetes run, as without the two flags
    status, out, err = cli(package, ["--dataset", "diabetes", "--epochs", "1"], capsys)
    assert (status, err) == (0, "") and "final: train_loss 0.7462" in out


# Folders -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("flag", ["--checkpoint-dir", "--log-dir"])
def test_a_folder_name_too_long_for_the_file_system_is_refused_in_one_line(flag, package, capsys):
    name = "a" * 300  # a name's limit is 255 bytes on Linux's file systems, macOS's and Windows'
    assert refused(package, [flag, name], capsys) == (
        f"{flag} {'a' * 40}...{'a' * 40} (300 characters): File "
        "name too long: choose a shorter path"
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_a_file_where_a_runs_log_folder_goes_is_refused_in_one_line(package, tmp_path, capsys):
    (tmp_path / "version_0").write_text("")
    assert refused(package, ["--log-dir", tmp_path], capsys) == (
        f"--log-dir {tmp_path} holds a file named version_0, "
        "the name of a run's folder there: move it away, or "
        "choose another --log-dir"
    )


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("flag", ["--checkpoint-dir", "--log-dir"])
def test_a_link_to_nothing_is_refused_at_parse_time_saying_where_it_points(
    flag, package, tmp_path, capsys
):
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    for folder in (tmp_path / "link", tmp_path / "link" / "run"):
        assert refused(package, [flag, folder], capsys) == (
            f"{flag} {folder}: {tmp_path / 'link'} is a link to "
            f"{tmp_path / 'gone'}, which does not exist, so no folder "
            "can be made there: create what it points to, or choose "
            "another path"
        )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link"]


@pytest.mark.parametrize("package", PACKAGES)
def test_resume_from_a_folder_that_does_not_exist_is_refused_and_creates_nothing(
    package, tmp_path, capsys
):
    assert refused(package, ["--checkpoint-dir", tmp_path / "none", "--resume"], capsys) == (
        f"--resume finds no folder {tmp_path / 'none'} to continue from: check --checkpoint-dir, or leave out --resume "
        "to start a run there"
    )
    assert list(tmp_path.iterdir()) == []


# CSVLogger counts folders only, and reads the 7 of version_7_old
LOG_DIR = {
    "version_2": "folder",
    "version_7_old": "folder",
    "version_x": "folder",
    "version_": "folder",
    "version_9": "file",
    "notes": "file",
}


def test_vanilla_numbers_its_log_folders_by_csvloggers_rule(tmp_path):
    for name, kind in LOG_DIR.items():
        (tmp_path / name).mkdir() if kind == "folder" else (tmp_path / name).write_text("")
    lightning = CSVLogger(tmp_path, name="").version
    assert new_version(tmp_path) == tmp_path / f"version_{lightning}" and lightning == 8


def test_a_resumed_run_logs_into_the_folder_csvlogger_picks_on_both_sides(tmp_path):
    """Resuming, each side starts a new version_N beside what the folder holds, by CSVLogger's rule."""
    config = TrainConfig(n_samples=20, epochs=2, log_every_n_steps=1)
    logs = {}
    for side, train in {"vanilla": train_vanilla, "lightning": train_lightning}.items():
        saved = replace(
            config,
            log_dir=str(tmp_path / side / "logs"),
            checkpoint_dir=str(tmp_path / side / "ckpt"),
        )
        train(saved)
        for name, kind in LOG_DIR.items():
            path = tmp_path / side / "logs" / name
            path.mkdir() if kind == "folder" else path.write_text("")
        resumed = train(replace(saved, epochs=3, resume=True))
        assert Path(resumed.log_file) == tmp_path / side / "logs" / "version_8" / "metrics.csv"
        with open(resumed.log_file, newline="") as file:
            logs[side] = list(csv.reader(file))
    assert logs["vanilla"] == logs["lightning"] and [row[1] for row in logs["vanilla"][1:]] == [
        "4",
        "5",
    ]


# Launcher variables: trusted only when complete and consistent ---------------------------------------------------------

# torchrun --nnodes 2, node 0, process 0
TORCHRUN = dict(
    TORCHELASTIC_RUN_ID="none",
    RANK="0",
    LOCAL_RANK="0",
    WORLD_SIZE="4",
    LOCAL_WORLD_SIZE="2",
    GROUP_RANK="0",
    MASTER_ADDR="127.0.0.1",
    MASTER_PORT="29500",
)
SRUN = dict(
    SLURM_NTASKS="4",
    SLURM_NTASKS_PER_NODE="2",
    SLURM_NNODES="2",
    SLURM_PROCID="0",
    SLURM_LOCALID="0",
    SLURM_NODEID="0",
)
TWO_NODES = ["--devices", "2", "--num-nodes", "2", "--accelerator", "cpu", "--strategy", "ddp"]
LAUNCHES = {
    "TORCHELASTIC_RUN_ID alone": (
        {"TORCHELASTIC_RUN_ID": "x"},
        TWO_NODES,
        "TORCHELASTIC_RUN_ID is set, as torchrun "
        "sets it, but not RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, "
        "MASTER_ADDR, MASTER_PORT, so torchrun did not start this process: start the command "
        "under torchrun, or unset TORCHELASTIC_RUN_ID",
    ),
    "SLURM_NTASKS alone": (
        {"SLURM_NTASKS": "2"},
        TWO_NODES,
        "SLURM_NTASKS is set, as srun sets it, but not "
        "SLURM_PROCID, SLURM_LOCALID, SLURM_NODEID, SLURM_NTASKS_PER_NODE, so srun did not start "
        "this process: start the command under srun, or unset SLURM_NTASKS",
    ),
    "SLURM_NTASKS alone, one node": (
        {"SLURM_NTASKS": "2"},
        [],
        "SLURM_NTASKS is set, as srun sets it",
    ),
    "torchrun started other counts": (
        {**TORCHRUN, "WORLD_SIZE": "8"},
        TWO_NODES,
        "WORLD_SIZE=8 in the environment "
        "says torchrun started 8 processes, but --devices 2 x --num-nodes 2 has 4: pass "
        "flags that match what torchrun started",
    ),
    "SLURM_PROCID=3": (
        {"SLURM_PROCID": "3"},
        [],
        "SLURM_PROCID=3 in the environment makes this process number 3 "
        "of the run's processes, but --devices 1 x --num-nodes 1 has 1 (numbered from 0), and only number "
        "0 writes logs: unset SLURM_PROCID, or start the command under the launcher that sets it",
    ),
    "LOCAL_RANK=1": (
        {"LOCAL_RANK": "1"},
        [],
        "LOCAL_RANK=1 in the environment makes this process number 1 of the "
        "run's devices, but --devices 1 x --num-nodes 1 has 1",
    ),
    "a rank past the world": (
        {**TORCHRUN, "RANK": "4"},
        TWO_NODES,
        "RANK=4 in the environment makes this process "
        "number 4 of the run's processes, but --devices 2 x --num-nodes 2 has 4",
    ),
    "RANK=abc": ({"RANK": "abc"}, [], "RANK='abc' in the environment is not a whole number >= 0"),
    "LOCAL_RANK=abc": (
        {"LOCAL_RANK": "abc"},
        [],
        "LOCAL_RANK='abc' in the environment is not a whole number >= 0: "
        "unset it, or start the command under the launcher that sets it",
    ),
    "RANK empty": ({"RANK": ""}, [], "RANK='' in the environment is not a whole number >= 0"),
    # isdigit() takes it
    "RANK=²": ({"RANK": "²"}, [], "RANK='²' in the environment is not a whole number >= 0"),
    "MASTER_PORT=x": (
        {"MASTER_PORT": "x"},
        [],
        "MASTER_PORT='x' in the environment is not a whole number >= 0",
    ),
    "WORLD_SIZE=2 without a launcher": (
        {"WORLD_SIZE": "2", "RANK": "0"},
        [],
        "WORLD_SIZE=2 in the environment says "
        "the run has 2 processes, but --devices 1 x --num-nodes 1 has 1: unset "
        "WORLD_SIZE, or pass flags that match it",
    ),
    "LOCAL_RANK=0 alone, 2 devices": (
        {"LOCAL_RANK": "0"},
        ["--devices", "2", "--accelerator", "cpu"],
        "LOCAL_RANK=0 "
        "in the environment makes this process one of 2 that a launcher started, but "
        "WORLD_SIZE, MASTER_ADDR, MASTER_PORT are not set, so none did and the others "
        "would never come: unset LOCAL_RANK, or start the command under torchrun",
    ),
}


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("case", LAUNCHES)
def test_launcher_variables_that_do_not_describe_the_run_are_refused_naming_the_variable(
    case, package, monkeypatch, capsys
):
    environ, argv, message = LAUNCHES[case]
    for name in {*TORCHRUN, *SRUN, "SLURM_JOB_NAME", "NODE_RANK", "JSM_NAMESPACE_RANK"}:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert refused(package, argv, capsys).startswith(message)


def test_complete_launcher_variables_are_trusted_and_an_interactive_slurm_job_is_not_a_launcher():
    two_nodes = TrainConfig(devices=2, num_nodes=2, accelerator="cpu", strategy="ddp")
    for environ in (
        TORCHRUN,
        {**TORCHRUN, "RANK": "3", "LOCAL_RANK": "1", "GROUP_RANK": "1"},
        SRUN,
    ):
        check_launch(two_nodes, environ)
    check_launch(
        TrainConfig(), {"SLURM_NTASKS": "4", "SLURM_JOB_NAME": "interactive", "SLURM_PROCID": "0"}
    )
    # a second process Lightning's Trainer started itself: its variables, no launcher's marker
    check_launch(
        TrainConfig(devices=2, accelerator="cpu"),
        dict(
            LOCAL_RANK="1",
            NODE_RANK="0",
            WORLD_SIZE="2",
            MASTER_ADDR="127.0.0.1",
            MASTER_PORT="29500",
        ),
    )


def test_devices_above_1_without_torchrun_are_refused_at_parse_time_by_the_hand_written_loop_only(
    monkeypatch, capsys
):
    for name in {*TORCHRUN, *SRUN, "SLURM_JOB_NAME", "NODE_RANK", "JSM_NAMESPACE_RANK"}:
        monkeypatch.delenv(name, raising=False)
    two = ["--devices", "2", "--accelerator", "cpu"]
    assert refused("vanilla", two, capsys) == (
        "--devices 2 x --num-nodes 1 needs one process per device, and the "
        "hand-written loop starts none (Lightning's Trainer starts its own): "
        "start it with torchrun --standalone --nproc-per-node 2 -m vanilla "
        "..., or call vanilla.ddp.launch(config) from Python"
    )
    config = TrainConfig(devices=2, accelerator="cpu")
    check_launch(config, {})  # Lightning starts its processes itself
    two_by_torchrun = {**TORCHRUN, "WORLD_SIZE": "2"}
    check_launch(config, two_by_torchrun, starts_processes=False)
    with pytest.raises(
        ValueError, match="^--devices 2 x --num-nodes 1 needs one process per device"
    ):
        check_launch(
            config, {**SRUN, "SLURM_NTASKS": "2", "SLURM_NNODES": "1"}, starts_processes=False
        )


@pytest.mark.parametrize("package", PACKAGES)
def test_launcher_variables_are_checked_before_the_libraries_that_read_them_are_imported(
    package, tmp_path
):
    """torchmetrics and Lightning read LOCAL_RANK and RANK as they load: a real process, since this one has them."""
    for variable in ("LOCAL_RANK=abc", "RANK="):
        name, value = variable.split("=")
        done = subprocess.run(
            [sys.executable, "-m", package, "--epochs", "1"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), name: value},
        )
        assert (done.returncode, done.stderr) == (
            2,
            f"python -m {package}: error: {name}={value!r} in the environment "
            "is not a whole number >= 0: unset it, or start the command "
            "under the launcher that sets it (see --help)\n",
        )


# A data-parallel run that loses a process, or its launcher: real processes ---------------------------------------------


def test_a_lost_peer_is_one_line_and_other_errors_pass_through():
    gloo = (
        "[/__w/pytorch/pytorch/third_party/gloo/gloo/transport/tcp/pair.cc:537] Read error [127.0.0.1]:25754: "
        "Connection reset by peer. This is typically caused by a remote worker hanging or bugs in the application."
    )
    with pytest.raises(
        PeerLost,
        match=r"^another process of this data-parallel run stopped \(Read error "
        r"\[127.0.0.1\]:25754: Connection reset by peer\), so this one cannot go on",
    ):
        with peers_lost_in_one_line():
            raise RuntimeError(gloo)
    with pytest.raises(RuntimeError, match="^a bug$"), peers_lost_in_one_line():
        raise RuntimeError("a bug")


TORCHRUN_CMD = [
    sys.executable,
    "-m",
    "torch.distributed.run",
    "--standalone",
    "--nproc-per-node",
    "2",
]
DYING = str(ROOT / "tests" / "dying_worker.py")


@pytest.mark.parametrize("package", PACKAGES)
def test_a_killed_worker_ends_the_run_with_one_line_from_the_course(package, tmp_path):
    """The second process dies by SIGKILL at its 30th batch; the first ends with one line and status 1. torchrun
    then prints its own report of the failure, which is torchrun's, not the course's."""
    flags = ["--devices", "2", "--accelerator", "cpu", "--epochs", "50"]
    # torchrun looks at its workers every 0.1 s and sends the survivor SIGTERM once one died: on a busy machine that
    # can come before the survivor reads the broken connection. Every 5 s here, so this test sees the survivor's line.
    command = (
        [*TORCHRUN_CMD, "--monitor-interval", "5", DYING, "30", "vanilla", *flags]
        if package == "vanilla"
        else [sys.executable, DYING, "30", "lightning_version", *flags, "--strategy", "ddp"]
    )
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    ours = [line for line in done.stderr.splitlines() if line.startswith(f"python -m {package}:")]
    assert len(ours) == 1, done.stderr
    # gloo says "Read error [127.0.0.1]:PORT: Connection reset by peer" or "Connection closed by peer [...]:PORT"
    assert re.fullmatch(
        rf"python -m {package}: error: another process of this data-parallel run stopped \([^()]*"
        r"by peer[^()]*\), so this one cannot go on: its own output, or its launcher's, says why; "
        r"start the run again once that is mended",
        ours[0],
    )
    assert "[rank0]" not in done.stderr and done.stdout == ""
    assert done.returncode == 1


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux's"
)
def test_vanilla_workers_stop_when_their_launcher_is_killed(tmp_path):
    """torchrun killed by SIGKILL cannot stop its workers; each asked Linux for a SIGTERM when it dies."""
    command = [*TORCHRUN_CMD, "-m", "vanilla", "--devices", "2", "--epochs", "100000", "--verbose"]
    with subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as launcher:
        while "epoch 0 step" not in launcher.stderr.readline():  # both workers are training
            assert launcher.poll() is None, "torchrun ended"
        workers = [
            int(pid)
            for pid in Path(f"/proc/{launcher.pid}/task/{launcher.pid}/children")
            .read_text()
            .split()
        ]
        launcher.kill()
        deadline = time.monotonic() + 30
        try:
            while any(_state(pid) not in ("", "Z") for pid in workers):
                assert time.monotonic() < deadline, "the workers outlived their launcher by 30 s"
                time.sleep(0.1)
        finally:
            for pid in workers:
                if _state(pid) not in ("", "Z"):
                    os.kill(pid, signal.SIGKILL)
        rest = launcher.stderr.read()
    # a worker whose partner died first waits in gloo's C++ all-reduce: the watchdog's line then
    stops = [line for line in rest.splitlines() if "python -m vanilla: stopped by" in line]
    assert len(workers) == 2 and stops, rest
    assert all(
        line.startswith("python -m vanilla: stopped by SIGTERM; no checkpoint was saved")
        or line.startswith("python -m vanilla: stopped by SIGTERM while torch's C++ code held")
        for line in stops
    ), rest


def _state(pid):
    """A process's state letter (R, S, Z...), "" once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""
