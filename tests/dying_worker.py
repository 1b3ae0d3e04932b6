"""Runs a course CLI in which the second process of a data-parallel run (LOCAL_RANK 1) dies by SIGKILL, a real,
uncatchable fault, at its Nth training forward pass; the other processes run on as they would.

torchrun --standalone --nproc-per-node 2 tests/dying_worker.py N vanilla --devices 2 [flags...]
python tests/dying_worker.py N lightning_version --devices 2 --strategy ddp [flags...]   (Lightning starts this
script again for the second process)
"""

import importlib
import os
import sys

# beside this file: the same SIGKILL at the Nth training forward pass
from killed_run import kill_at_forward

if __name__ == "__main__":
    n, package, *flags = sys.argv[1:]
    if os.environ.get("LOCAL_RANK") == "1":
        kill_at_forward(int(n))
    importlib.import_module(f"{package}.__main__").main(flags)
