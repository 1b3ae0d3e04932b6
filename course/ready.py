"""Before the first class: says `ready`, or the one thing that is wrong and what to do.

    make ready            (Windows, or without make: py -3.12 bootstrap.py ready)

It checks what a lesson needs, in the order a class meets it: the course's packages import; a Jupyter kernel
starts and runs a cell (what JupyterLab does when a lesson opens); the lessons are there; the starting loop and its
Lightning twin train one epoch and agree bitwise (lesson 3's claim, on this machine). Each check prints one line;
the exit status is 0 when all pass, 1 when one fails (the later ones are not run).
"""

import argparse
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("torch", "lightning", "torchmetrics", "matplotlib", "jupyterlab", "ipykernel")
KERNEL_SECONDS = (
    120  # a first kernel start on a slow laptop, with its antivirus, is well under this
)


class NotReady(Exception):
    """One line: what is wrong and what to do."""


def packages():
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = getattr(importlib.import_module(name), "__version__", "?")
        except Exception as error:  # an import can fail with any error: a missing DLL is an OSError
            raise NotReady(
                f"{name} does not import ({type(error).__name__}: {str(error).splitlines()[0][:120]}): "
                "delete .venv/ and run `make ready` again to set it up anew"
            ) from None
    return f"torch {versions['torch']}, lightning {versions['lightning']}, Python {sys.version.split()[0]}"


def kernel(name="python3", timeout=KERNEL_SECONDS):
    """Starts the Jupyter kernel the lessons use and runs one cell in it."""
    import subprocess

    from jupyter_client.kernelspec import NoSuchKernel
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    try:
        manager, client = start_new_kernel(
            kernel_name=name, startup_timeout=timeout, stderr=subprocess.DEVNULL
        )
    except NoSuchKernel:
        raise NotReady(
            f"Jupyter has no kernel named {name!r}: run `make lab` from this folder (it uses .venv/'s own)"
        ) from None
    except RuntimeError as error:  # it started, then died, or did not answer in time
        raise NotReady(f"a Jupyter kernel did not start: {error}") from None
    try:
        reply = client.execute_interactive("import torch, lightning", timeout=timeout)
        if reply["content"]["status"] != "ok":
            raise NotReady(
                f"a Jupyter kernel started but could not import torch and lightning: "
                f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
            )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return f"a Jupyter kernel started and imported torch and lightning in {time.perf_counter() - start:.1f} s"


def lessons(root=ROOT):
    found = sorted((root / "notebooks").glob("[0-9][0-9]*.ipynb"))
    if not found:
        raise NotReady(
            f"no lessons in {root / 'notebooks'}: run this from the course's folder (the one with bootstrap.py)"
        )
    return f"{len(found)} lessons in notebooks/"


def both_versions():
    """The starting loop and its Lightning twin, one epoch each: bitwise the same losses and weights."""
    import torch

    import lightning_version.minimal
    import vanilla.minimal
    from course import quiet, silent
    from task.config import TrainConfig

    quiet()
    config = TrainConfig(epochs=1)
    with silent():
        runs = [side.train(config) for side in (vanilla.minimal, lightning_version.minimal)]
    (losses_a, model_a), (losses_b, model_b) = runs
    same = torch.equal(torch.stack(losses_a).cpu(), torch.stack(losses_b).cpu()) and all(
        torch.equal(a.cpu(), b.cpu()) for a, b in zip(model_a.parameters(), model_b.parameters())
    )
    if not same:
        raise NotReady(
            "the vanilla loop and its Lightning twin disagree on this machine: run `make test` and "
            "report what fails to the course's maintainers"
        )
    return "the starting loop and its Lightning twin trained one epoch: bitwise the same"


CHECKS = (packages, kernel, lessons, both_versions)


def main(argv=None):
    argparse.ArgumentParser(
        prog="python -m course.ready", description=__doc__.split("\n")[0]
    ).parse_args(argv)
    for check in CHECKS:
        try:
            print(f"ok: {check()}", flush=True)
        except NotReady as error:
            print(f"not ready: {error}", flush=True)
            return 1
    print("ready: open the lessons with `make lab` (Windows: py -3.12 bootstrap.py lab)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
