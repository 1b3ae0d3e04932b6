"""The warnings a Lightning run gives by design are hidden where runs are set up (the command lines, course.quiet),
never by importing a package: an import leaves the process's warning filters as it found them."""

import shutil
import subprocess
import sys

IMPORT_ALL = """
import pkgutil, warnings
import lightning.pytorch, torchmetrics  # the libraries' own filters, set as they load, are not ours
import lightning_version
before = list(warnings.filters)
names = [module.name for module in pkgutil.walk_packages(lightning_version.__path__, "lightning_version.")]
for name in names:
    __import__(name)
print(len(names), warnings.filters == before)
"""


def test_importing_lightning_version_and_its_modules_leaves_the_warning_filters_unchanged(tmp_path):
    before = """import warnings; import lightning.pytorch, torchmetrics; before = list(warnings.filters)
import lightning_version; print(warnings.filters == before)"""
    package = subprocess.run(
        [sys.executable, "-c", before], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert package.stdout.split() == ["True"], package.stderr
    modules = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    count, unchanged = modules.stdout.split()
    # train, minimal, features/*, ...
    assert int(count) >= 15 and unchanged == "True", modules.stderr


def test_a_command_line_run_resumed_from_a_full_then_a_moved_folder_prints_no_warning(tmp_path):
    """Resuming writes into a folder of checkpoints ("exists and is not empty") and, moved, into another ("The
    dirpath has changed"); each fit calls the deprecated pytree API: the command line hides all three."""

    def run(epochs, folder, *resume):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "lightning_version",
                "--epochs",
                str(epochs),
                "--checkpoint-dir",
                folder,
                "--accelerator",
                "cpu",
                *resume,
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )

    runs = [run(1, "ckpt"), run(2, "ckpt", "--resume")]
    shutil.move(tmp_path / "ckpt", tmp_path / "moved")
    runs.append(run(3, "moved", "--resume"))
    assert [one.returncode for one in runs] == [0, 0, 0], runs[-1].stderr
    assert [one.stderr for one in runs] == ["", "", ""]
    assert "resumed" in runs[2].stdout  # the last run did resume, from the moved folder
