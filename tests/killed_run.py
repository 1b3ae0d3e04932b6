"""Runs a course CLI and kills its own process with SIGKILL at the Nth training forward pass (a real, uncatchable fault).

python tests/killed_run.py N PACKAGE [flags...]
"""
import importlib
import os
import signal
import sys

import torch

from task.model import Regressor


def main():
    kill_at, package, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    forwards = 0

    def count(module, args, output):
        nonlocal forwards
        if isinstance(module, Regressor) and torch.is_grad_enabled():  # training batches only
            forwards += 1
            if forwards == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    torch.nn.modules.module.register_module_forward_hook(count)
    importlib.import_module(f"{package}.__main__").main(argv)


if __name__ == "__main__":
    main()
