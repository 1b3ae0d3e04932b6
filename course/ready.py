"""Before the first class: says `ready`, or the one thing that is wrong and what to do.

    make ready            (Windows, or without make: py -3.12 bootstrap.py ready)

It checks what a lesson needs, in the order a class meets it: the course's packages import (in a process of their
own, so that a damaged library is a line, not a crash); Jupyter can write its folders; a Jupyter kernel starts in
notebooks/, as JupyterLab starts it for a lesson, and imports torch and lightning there; every lesson is there and
can be read; the starting loop and its Lightning twin train one epoch and agree bitwise (lesson 3's claim, on this
machine). Each check prints one line; the exit status is 0 when all pass, 1 when one fails (the later ones are not
run), 130 on Ctrl-C.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("torch", "lightning", "torchmetrics", "matplotlib", "jupyterlab", "ipykernel")
# a first kernel start on a slow laptop, with its antivirus, is well under this
KERNEL_SECONDS = 120
AGAIN = "delete .venv/ and run `make ready` again to set it up anew"


class NotReady(Exception):
    """One line: what is wrong and what to do."""


def _fix_for_imports():
    """What to do when a package does not import: a variable left by another Python first, else a new .venv/."""
    for name in ("PYTHONPATH", "PYTHONHOME"):
        if os.environ.get(name):
            return f"{name} is set ({os.environ[name]}), which makes Python read other packages: unset it"
    return AGAIN


def packages():
    """Imports the course's packages in a child process: a library that crashes on import kills that one."""
    script = (
        "import importlib, sys\n"
        f"for name in {PACKAGES!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        print(name, type(error).__name__, str(error).splitlines()[0][:120] if str(error) else '')\n"
        "        sys.exit(1)\n"
        "import torch, lightning\n"
        "print(torch.__version__, lightning.__version__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    said = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode == 1 and said:
        name, kind, *message = said.split(" ", 2)
        raise NotReady(
            f"{name} does not import ({kind}: {' '.join(message)}): {_fix_for_imports()}"
        )
    if done.returncode != 0:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"status {done.returncode}"
        raise NotReady(
            f"importing the course's packages crashed Python ({how}): a file is damaged: {AGAIN}"
        )
    torch_version, lightning_version = said.split()
    return f"torch {torch_version}, lightning {lightning_version}, Python {sys.version.split()[0]}"


def jupyter_folders():
    """The folders Jupyter writes when JupyterLab starts: they must exist or be creatable, and take a file."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_data_dir, jupyter_runtime_dir

    for what, folder in (
        ("its settings", jupyter_config_dir()),
        ("its data", jupyter_data_dir()),
        ("its running kernels' files", jupyter_runtime_dir()),
    ):
        try:
            os.makedirs(folder, exist_ok=True)
            probe = Path(folder) / f".ready-{os.getpid()}"
            probe.write_text("")
            probe.unlink()
        except OSError as error:
            raise NotReady(
                f"Jupyter cannot write {what} in {folder} ({error.strerror or error}): make HOME (or the "
                "JUPYTER_* variable that names it) a folder you can write"
            ) from None
    return "Jupyter can write its folders"


def kernel(name="python3", timeout=KERNEL_SECONDS, cwd=None):
    """Starts the Jupyter kernel the lessons use, in notebooks/ as JupyterLab does, and imports torch and lightning
    in it: a file of the student's there (a torch.py, say) would shadow a package in every lesson."""
    from jupyter_client.kernelspec import NoSuchKernel
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    try:
        manager, client = start_new_kernel(
            kernel_name=name,
            startup_timeout=timeout,
            stderr=subprocess.DEVNULL,
            cwd=str(cwd or ROOT / "notebooks"),
        )
    except NoSuchKernel:
        raise NotReady(
            f"Jupyter has no kernel named {name!r}: run `make lab` from this folder (it uses .venv/'s own)"
        ) from None
    except OSError as error:  # the kernel's program is not there: a kernelspec from another Python
        raise NotReady(
            f"the Jupyter kernel {name!r} cannot start ({error.strerror}: {error.filename}): a kernelspec "
            "left by another Python (JUPYTER_PATH, ~/.local/share/jupyter/kernels) comes first: remove it or "
            "unset JUPYTER_PATH"
        ) from None
    except RuntimeError as error:  # it started, then died, or did not answer in time
        raise NotReady(f"a Jupyter kernel did not start: {error}") from None
    try:
        # what the cell prints (a traceback, when it fails) is not for this one-line report
        reply = client.execute_interactive(
            "import torch, lightning", timeout=timeout, output_hook=lambda message: None
        )
        if reply["content"]["status"] != "ok":
            raise NotReady(
                "a Jupyter kernel in notebooks/ could not import torch and lightning "
                f"({reply['content'].get('ename')}: {reply['content'].get('evalue')}): a file of yours "
                "in notebooks/ named like a package (torch.py, lightning.py) shadows it: rename it"
            )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return f"a Jupyter kernel started in notebooks/ and imported torch and lightning in {time.perf_counter() - start:.1f} s"


def expected_lessons(root=ROOT):
    """The lessons the course has: one for each exercise notebook (notebooks/exercises/NN_name.ipynb)."""
    return sorted(
        path.name for path in (root / "notebooks" / "exercises").glob("[0-9][0-9]*.ipynb")
    )


def lessons(root=ROOT):
    """Every lesson is there and is a notebook Jupyter can read."""
    import nbformat

    folder = root / "notebooks"
    if not (root / "bootstrap.py").is_file():
        raise NotReady(
            f"{root} is not the course's folder: run this from the one with bootstrap.py"
        )
    if not folder.is_dir():
        raise NotReady(
            f"{folder} is missing (moved or renamed?): put it back, or unpack the course again"
        )
    missing = [name for name in expected_lessons(root) if not (folder / name).is_file()]
    if missing or not expected_lessons(root):
        raise NotReady(
            f"lessons missing from notebooks/: {', '.join(missing) or 'all of them'}: put them back, or "
            "unpack the course again"
        )
    for name in expected_lessons(root):
        try:
            nbformat.read(folder / name, as_version=4)
        # not JSON, not a notebook, unreadable: any of them stops the lesson
        except Exception as error:
            raise NotReady(
                f"notebooks/{name} cannot be read ({type(error).__name__}): it is damaged: get a fresh copy "
                "of it from the course"
            ) from None
    return f"{len(expected_lessons(root))} lessons in notebooks/, each one readable"


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


CHECKS = (packages, jupyter_folders, kernel, lessons, both_versions)


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
        except KeyboardInterrupt:
            print(
                "not ready: stopped (Ctrl-C) before every check ran: run `make ready` again",
                flush=True,
            )
            return 130
        # a failure no check foresaw: one line that says where, never a traceback
        except Exception as error:
            print(
                f"not ready: the check {check.__name__!r} failed ({type(error).__name__}: "
                f"{str(error).splitlines()[0][:160] if str(error) else ''}): run it from the course's folder "
                f"(the one with bootstrap.py), or {AGAIN}",
                flush=True,
            )
            return 1
    print("ready: open the lessons with `make lab` (Windows: py -3.12 bootstrap.py lab)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before main's own loop (while Python imports)
        sys.exit(130)
