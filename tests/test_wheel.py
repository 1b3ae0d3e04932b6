"""A normal install (`pip install .`, not -e): the wheel holds every file of the package folders, and lesson 4's
recorded benchmarks and `python -m vanilla` run from it, in a fresh environment, from a folder that is not the
repository. The fresh environment borrows this one's third-party packages through a .pth file, which does not run
the .pth files it finds there: the course's editable install stays off."""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGES = PYPROJECT["tool"]["setuptools"]["packages"]
# What lesson 4 and the command import; each must come from the fresh environment.
MODULES = ["course", "course.bench_report", "task.recipe", "vanilla.__main__"]
RUN_CELLS = """\
import importlib.util, json, sys
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
shown = []
for cell in ["from IPython.display import Markdown"] + json.loads(sys.stdin.read()):  # lesson 4 imports Markdown
    result = shell.run_cell(cell)
    result.raise_error()
    shown.append(result.result.data if result.result is not None else None)
print(json.dumps({"shown": shown[1:], "finders": [getattr(finder, "__module__", "") for finder in sys.meta_path],
                  "origins": {name: importlib.util.find_spec(name).origin for name in sys.argv[1:]}}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel pip builds from the files pyproject.toml names, copied (the build writes build/ and *.egg-info/)."""
    tmp = tmp_path_factory.mktemp("wheel")
    project = tmp / "project"
    project.mkdir()
    for name in [
        "pyproject.toml",
        PYPROJECT["project"]["readme"],
        *PYPROJECT["project"]["license-files"],
    ]:
        shutil.copy2(ROOT / name, project / name)
    for folder in {package.split(".")[0] for package in PACKAGES}:
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp / "dist"),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    return next((tmp / "dist").glob("*.whl"))


@pytest.fixture(scope="module")
def fresh_python(wheel, tmp_path_factory):
    """A fresh environment's python, with the wheel unpacked into its site-packages and this environment's
    site-packages on its path for torch, lightning and IPython."""
    env = tmp_path_factory.mktemp("env") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "borrowed.pth").write_text("".join(f"{path}\n" for path in ours))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return python, site


def run(command, cwd, **kwargs):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def recorded_results_cells():
    """Lesson 4's cells that read the recorded benchmarks through course.bench_report."""
    cells = nbformat.read(ROOT / "notebooks" / "04_dangers.ipynb", as_version=4).cells
    return [
        cell.source
        for cell in cells
        if cell.cell_type == "code"
        and re.search(r"^from course\.bench_report import", cell.source, re.M)
    ]


def test_the_wheel_holds_every_file_of_the_package_folders(wheel):
    folders = {package.split(".")[0] for package in PACKAGES}
    on_disk = {
        path.relative_to(ROOT).as_posix()
        for folder in folders
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    with zipfile.ZipFile(wheel) as archive:
        missing = on_disk - set(archive.namelist())
    assert "course/bench_results/latest.json" in on_disk
    assert not missing, f"not in the wheel: {sorted(missing)}"


def test_lesson_4s_recorded_benchmarks_show_from_a_normal_install(fresh_python, tmp_path):
    python, site = fresh_python
    cells = recorded_results_cells()
    assert any("overhead_markdown" in cell for cell in cells) and any(
        "results_dir" in cell for cell in cells
    ), cells
    done = run([python, "-c", RUN_CELLS, *MODULES], tmp_path, input=json.dumps(cells))
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert not [finder for finder in report["finders"] if "__editable__" in finder], report[
        "finders"
    ]
    assert all(Path(origin).is_relative_to(site) for origin in report["origins"].values()), report[
        "origins"
    ]
    shown = report["shown"]
    assert len(shown) == len(cells) and all(text.startswith("| ") for text in shown), shown


def test_python_m_vanilla_trains_from_a_normal_install(fresh_python, tmp_path):
    python, _ = fresh_python
    done = run([python, "-m", "vanilla", "--epochs", "1"], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "final: train_loss" in done.stdout, done.stdout
