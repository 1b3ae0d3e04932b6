"""Launcher variables checked before any process starts (and before Lightning's import reads
them): a launch that would wait forever, and variables that do not describe this run."""

import os
import re

# the variable that marks a launcher's processes -> the launcher, the others it sets, its counts
LAUNCHERS = {
    "TORCHELASTIC_RUN_ID": (
        "torchrun",
        (
            "RANK",
            "LOCAL_RANK",
            "WORLD_SIZE",
            "LOCAL_WORLD_SIZE",
            "GROUP_RANK",
            "MASTER_ADDR",
            "MASTER_PORT",
        ),
        {"WORLD_SIZE": "processes", "LOCAL_WORLD_SIZE": "devices"},
    ),
    "SLURM_NTASKS": (
        "srun",
        ("SLURM_PROCID", "SLURM_LOCALID", "SLURM_NODEID"),
        {
            "SLURM_NTASKS": "processes",
            "SLURM_NTASKS_PER_NODE": "devices",
            "SLURM_NNODES": "num_nodes",
        },
    ),
}
# a process's numbers as launchers set them, and what each counts;
# Lightning logs from number 0 only
RANKS = {
    "RANK": "processes",
    "LOCAL_RANK": "devices",
    "SLURM_PROCID": "processes",
    "SLURM_LOCALID": "devices",
    "JSM_NAMESPACE_RANK": "processes",
    "NODE_RANK": "num_nodes",
    "GROUP_RANK": "num_nodes",
    "SLURM_NODEID": "num_nodes",
}
# torchrun's counts, and Lightning's own processes'
SIZES = {"WORLD_SIZE": "processes", "LOCAL_WORLD_SIZE": "devices"}
# what a process of several needs to find the others
RENDEZVOUS = ("WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")


def check_launch(config, environ=os.environ, starts_processes=True):
    """Refuses, before any process starts (and before Lightning's import reads them), a launch that
    would wait forever for processes nobody starts, and launcher variables that do not describe this
    run: each one set must be a whole number, a launcher's set complete, and every count and number
    fit the flags. starts_processes: see parse_cli."""
    import torch

    from task.config import ConfigError

    for name in (*RANKS, *SIZES, "MASTER_PORT"):
        if name in environ:
            _number(environ, name)
    launcher = _launcher(config, environ)
    if config.num_nodes > 1 and not launcher:
        raise ConfigError(
            "num_nodes",
            f"{config.num_nodes} needs the other machines' processes, which only a "
            "launcher starts (torchrun --nnodes, or srun under SLURM): start this command "
            "under one on every machine, or use --num-nodes 1",
        )
    cuda = config.accelerator == "cuda" or (
        config.accelerator == "auto" and torch.cuda.is_available()
    )
    have, kind = (
        (torch.cuda.device_count(), "CUDA GPUs") if cuda else (os.cpu_count() or 1, "CPU cores")
    )
    if config.devices > have:
        other = ", or --accelerator cpu" if cuda else ""
        raise ConfigError(
            "devices",
            f"{config.devices} asks for a process per device, and this machine has {have} "
            f"{kind}: use --devices {have} or fewer{other}",
        )
    counts = _counts(config)
    for name, counted in SIZES.items():
        if name in environ and _number(environ, name) != counts[counted]:
            raise ConfigError(
                name,
                f"in the environment says the run has {environ[name]} {counted}, but --devices "
                f"{config.devices} x --num-nodes {config.num_nodes} has {counts[counted]}: unset "
                f"{name}, or pass flags that match it",
                variable=f"{name}={environ[name]}",
            )
    ranked = [name for name in RANKS if name in environ and not name.startswith(("SLURM_", "JSM_"))]
    missing = [name for name in RENDEZVOUS if name not in environ]
    if counts["processes"] > 1 and not launcher and ranked and missing:
        are = "is" if len(missing) == 1 else "are"
        raise ConfigError(
            ranked[0],
            f"in the environment makes this process one of {counts['processes']} that a "
            f"launcher started, but {', '.join(missing)} {are} not set, so none did and the "
            f"others would never come: unset {ranked[0]}, or start the command under torchrun",
            variable=f"{ranked[0]}={environ[ranked[0]]}",
        )
    if counts["processes"] > 1 and not starts_processes and launcher != "torchrun":
        nodes = "--standalone" if config.num_nodes == 1 else f"--nnodes {config.num_nodes} ..."
        raise ConfigError(
            "devices",
            f"{config.devices} x --num-nodes {config.num_nodes} needs one process per "
            "device, and the hand-written loop starts none (Lightning's Trainer starts its "
            f"own): start it with torchrun {nodes} --nproc-per-node {config.devices} -m "
            "vanilla ..., or call vanilla.ddp.launch(config) from Python",
        )
    for name, counted in RANKS.items():
        if name in environ and not _number(environ, name) < counts[counted]:
            raise ConfigError(
                name,
                f"in the environment makes this process number {environ[name]} of the run's "
                f"{counted}, but --devices {config.devices} x --num-nodes {config.num_nodes} "
                f"has {counts[counted]} (numbered from 0), and only number 0 writes logs: unset "
                f"{name}, or start the command under the launcher that sets it",
                variable=f"{name}={environ[name]}",
            )


def _launcher(config, environ):
    """The launcher that started this process, once its variables are all there and count this run;
    else None. SLURM's job names "bash" and "interactive" mark an allocation used by hand: Lightning
    ignores SLURM there."""
    from task.config import ConfigError

    marker = next((name for name in LAUNCHERS if name in environ), None)
    if marker == "SLURM_NTASKS" and environ.get("SLURM_JOB_NAME") in ("bash", "interactive"):
        return None
    if marker is None:
        return None
    launcher, needed, sizes = LAUNCHERS[marker]
    # Lightning refuses srun --ntasks without it
    if marker == "SLURM_NTASKS" and _number(environ, marker) > 1:
        needed += ("SLURM_NTASKS_PER_NODE",)
    missing = [name for name in needed if name not in environ]
    if missing:
        raise ConfigError(
            marker,
            f"is set, as {launcher} sets it, but not {', '.join(missing)}, so {launcher} did "
            f"not start this process: start the command under {launcher}, or unset {marker}",
            variable=marker,
        )
    counts = _counts(config)
    for name, counted in sizes.items():
        if name in environ and _number(environ, name) != counts[counted]:
            raise ConfigError(
                name,
                f"in the environment says {launcher} started {environ[name]} {counted}, but "
                f"--devices {config.devices} x --num-nodes {config.num_nodes} has "
                f"{counts[counted]}: pass flags that match what {launcher} started",
                variable=f"{name}={environ[name]}",
            )
    return launcher


def _counts(config):
    return {
        "processes": config.devices * config.num_nodes,
        "devices": config.devices,
        "num_nodes": config.num_nodes,
    }


def _number(environ, name):
    from task.config import ConfigError

    # int() would also take " 1", "+1", "1_0" and other digits
    if not re.fullmatch(r"[0-9]+", environ[name]):
        raise ConfigError(
            name,
            "in the environment is not a whole number >= 0: unset it, or start the command "
            "under the launcher that sets it",
            variable=f"{name}={environ[name]!r}",
        )
    return int(environ[name])
