"""Data-parallel training by hand: a process per device, each on its share of the rows.

From a shell: torchrun --standalone --nproc-per-node 2 -m vanilla --devices 2 [flags].
From Python or a notebook: launch(config), or launch(config, vanilla.features.ddp.train) (lesson 6).
"""

import ctypes
import logging
import os
import signal
import socket
import sys
import tempfile

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from common.checks import RunError, rendezvous_timeout
from common.result import TrainResult
from task.model import Regressor
from vanilla.data import make_loaders

log = logging.getLogger(__name__)


class LaunchError(RunError):
    """Processes started the wrong way; the message says how to start them."""


def train_ddp(config):
    """Runs in every process; returns the TrainResult on rank 0 and None elsewhere."""
    if "LOCAL_RANK" not in os.environ:
        nodes = "--standalone" if config.num_nodes == 1 else f"--nnodes {config.num_nodes} ..."
        raise LaunchError(
            f"--devices {config.devices} x --num-nodes {config.num_nodes} needs one "
            f"process per device: start it with torchrun {nodes} --nproc-per-node "
            f"{config.devices} -m vanilla ..., or call vanilla.ddp.launch(config)"
        )
    processes = config.devices * config.num_nodes
    if int(os.environ["WORLD_SIZE"]) != processes:
        raise LaunchError(
            f"torchrun started {os.environ['WORLD_SIZE']} processes but --devices "
            f"{config.devices} x --num-nodes {config.num_nodes} asks for {processes}"
        )
    if (
        config.val_fraction
        or config.checkpoint_dir
        or config.precision != "32"
        or config.accumulate_grad_batches > 1
    ):
        raise LaunchError(
            "the hand-written DDP loop keeps to the five steps: leave out "
            "validation, checkpoints, mixed precision and accumulation (the "
            "Lightning version handles them all with devices > 1)"
        )
    stop_with_launcher()
    local_rank = int(os.environ["LOCAL_RANK"])
    auto_cuda = config.accelerator == "auto" and torch.cuda.is_available()
    cuda = config.accelerator == "cuda" or auto_cuda
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    # torch's default: 30 minutes
    dist.init_process_group(
        "nccl" if cuda else "gloo", device_id=device if cuda else None, timeout=rendezvous_timeout()
    )
    try:
        result = _train(config, device)  # returns once the model and its gradient hooks are gone
        dist.barrier()  # every process has finished training before any of them leaves
        return result if dist.get_rank() == 0 else None
    finally:
        dist.destroy_process_group()  # a clean shutdown: leave the group before the process exits


def stop_with_launcher():
    """Asks Linux to send this process SIGTERM when its launcher dies. A launcher killed by
    SIGKILL (torchrun, or the process of launch()) cannot stop its workers, which would
    train on alone; SIGTERM ends a worker as Ctrl-C does (common.cli.stop_on_signals)."""
    if not sys.platform.startswith("linux"):  # prctl is Linux's; elsewhere workers outlive it
        return
    launcher = os.getppid()
    PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != launcher:  # it died before the call, so no signal would come
        os.kill(os.getpid(), signal.SIGTERM)


def _train(config, device):
    torch.manual_seed(config.seed)
    train_loader, _ = make_loaders(config, distributed=True)  # this process's share of the rows
    device_ids = [device.index] if device.type == "cuda" else None
    model = Regressor(config.n_features).to(device)
    model = DistributedDataParallel(model, device_ids=device_ids)  # copies rank 0's weights to all
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    step_losses = []
    for epoch in range(config.epochs):
        train_loader.sampler.set_epoch(epoch)  # a new order each epoch, the same on every process
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            y_hat = model(x)  # step 1: forward
            loss = F.mse_loss(y_hat, y)  # step 2: loss
            optimizer.zero_grad()  # step 3: zero grad
            loss.backward()  # step 4: backward; DDP averages the processes' gradients meanwhile
            optimizer.step()  # step 5: step, the same on every process, so the weights stay equal
            step_losses.append(loss.detach())
            step = len(step_losses)
            if dist.get_rank() == 0 and step % config.log_every_n_steps == 0:  # one log, not N
                log.info("epoch %d step %d: train_loss %.4f", epoch, step, loss.item())
    history = {"step_losses": step_losses, "val_loss": [], "val_r2": []}
    batches = len(train_loader)
    return TrainResult.from_history(history, model.module.linear, batches_per_epoch=batches)


def launch(config, train=None, start_method=None):
    """Starts config.devices processes here, as torchrun would; returns rank 0's train(config).

    train(config) runs in every process: train_ddp (the default) or vanilla.features.ddp.train.
    A worker that fails makes launch() raise with that worker's error.
    start_method: by default "fork" on Linux (quick: nothing is imported again), "spawn"
    elsewhere and once this process has used CUDA, which forked processes cannot use.
    """
    if start_method is None:
        fork = sys.platform == "linux" and not torch.cuda.is_initialized()
        start_method = "fork" if fork else "spawn"
    with tempfile.TemporaryDirectory() as folder:
        mp.start_processes(
            _worker,
            args=(config, train, folder, _free_port()),
            nprocs=config.devices,
            start_method=start_method,
        )
        # weights_only=False: our own file, in our own temporary folder, from our own worker
        return torch.load(os.path.join(folder, "result.pt"), weights_only=False)


def _worker(local_rank, config, train, folder, port):
    os.environ.update(
        RANK=str(local_rank),
        LOCAL_RANK=str(local_rank),
        WORLD_SIZE=str(config.devices),
        LOCAL_WORLD_SIZE=str(config.devices),
        MASTER_ADDR="127.0.0.1",
        MASTER_PORT=str(port),
    )
    result = (train or train_ddp)(config)
    if local_rank == 0:  # rank 0 hands its result back; the others have the same weights
        torch.save(result, os.path.join(folder, "result.pt"))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
