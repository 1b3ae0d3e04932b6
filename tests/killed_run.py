"""Runs a course CLI and kills its own process with SIGKILL (a real, uncatchable fault), at the Nth training forward
pass, or halfway through writing the Nth checkpoint file (N from 1).

python tests/killed_run.py forward N PACKAGE [flags...]
python tests/killed_run.py save N PACKAGE [flags...]

`save` cuts the file write itself: torch.save into the `.partial` file that both versions write beside the checkpoint
(vanilla/checkpoint.py, and lightning_version/checkpoint.py's SameFolderCheckpointIO). Half the bytes reach the disk
(flushed and synced), then the process dies.
"""

import importlib
import io
import os
import signal
import sys

import torch

from task.model import Regressor


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def kill_at_forward(n):
    forwards = 0

    def count(module, args, output):
        nonlocal forwards
        if isinstance(module, Regressor) and torch.is_grad_enabled():  # training batches only
            forwards += 1
            if forwards == n:
                die()

    torch.nn.modules.module.register_module_forward_hook(count)


def kill_during_save(n):
    saves = 0
    torch_save = torch.save

    def save_half(state, file, *args, **kwargs):
        nonlocal saves
        # a checkpoint, into its temporary file
        if str(getattr(file, "name", "")).endswith(".partial"):
            saves += 1
            if saves == n:
                buffer = io.BytesIO()
                torch_save(state, buffer, *args, **kwargs)
                write_half(file, buffer.getvalue())
        return torch_save(state, file, *args, **kwargs)

    torch.save = save_half


def write_half(file, data):
    file.write(data[: len(data) // 2])
    file.flush()
    os.fsync(file.fileno())
    die()


def main():
    where, n, package, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    if where == "forward":
        kill_at_forward(n)
    else:
        kill_during_save(n)
    importlib.import_module(f"{package}.__main__").main(argv)


if __name__ == "__main__":
    main()
