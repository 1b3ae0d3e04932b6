"""Runs a course CLI and kills its own process with SIGKILL (a real, uncatchable fault), at the Nth training forward
pass, halfway through writing the Nth checkpoint file, or halfway through the Nth copy of one (N from 1).

python tests/killed_run.py forward N PACKAGE [flags...]
python tests/killed_run.py save N PACKAGE [flags...]
python tests/killed_run.py copy N PACKAGE [flags...]

`save` cuts the file write itself: for Lightning, the write of the checkpoint's bytes inside the fsspec transaction
of lightning/fabric/utilities/cloud_io.py `_atomic_save`; for the vanilla loop, torch.save into its `.partial` file.
`copy` cuts shutil.copyfile, which fsspec's move into place falls back to when the temporary file is on another file
system. Half the bytes reach the disk (flushed and synced), then the process dies.
"""
import importlib
import io
import os
import shutil
import signal
import sys

import torch
from fsspec.implementations.local import LocalFileOpener

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


def kill_during_save(n, package):
    saves = 0
    fsspec_write, torch_save = LocalFileOpener.write, torch.save

    def lightning_write(self, data, *args, **kwargs):
        nonlocal saves
        if not self.autocommit:  # inside a transaction: the checkpoint's bytes, into a temporary file
            saves += 1
            if saves == n:
                write_half(self.f, data)
        return fsspec_write(self, data, *args, **kwargs)

    def vanilla_save(state, path, *args, **kwargs):
        nonlocal saves
        saves += 1
        if saves == n:
            buffer = io.BytesIO()
            torch_save(state, buffer, *args, **kwargs)
            with open(path, "wb") as file:
                write_half(file, buffer.getvalue())
        return torch_save(state, path, *args, **kwargs)

    if package == "lightning_version":
        LocalFileOpener.write = lightning_write
    else:
        torch.save = vanilla_save


def kill_during_copy(n):
    copies = 0

    def copy_half(source, destination, *args, **kwargs):
        nonlocal copies
        copies += 1
        if copies == n:
            with open(source, "rb") as file:
                data = file.read()
            with open(destination, "wb") as file:
                write_half(file, data)
        return copyfile(source, destination, *args, **kwargs)

    copyfile = shutil.copyfile
    shutil.copyfile = copy_half


def write_half(file, data):
    file.write(data[: len(data) // 2])
    file.flush()
    os.fsync(file.fileno())
    die()


def main():
    where, n, package, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    if where == "forward":
        kill_at_forward(n)
    elif where == "save":
        kill_during_save(n, package)
    else:
        kill_during_copy(n)
    importlib.import_module(f"{package}.__main__").main(argv)


if __name__ == "__main__":
    main()
