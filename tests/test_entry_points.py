"""Every command of the course behaves like the tools students know: -h and --help print a usage and exit 0 doing
nothing else (no file changed, no process or connection started), an unknown flag exits 2 with one error line, and
the two training command lines tell their --version.

The entry points are found, not listed: each package's __main__.py and each module with `if __name__ == "__main__":`,
staff/'s included, so a new one is checked as soon as it exists. All of them run in one process
(tests/run_entry_points.py, which refuses what they try to start or to write, and reports it), so torch is imported
once.
"""

import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import lightning
import pytest
import torch
from run_entry_points import ROOT

from common.cli import versions

PACKAGES = ("vanilla", "lightning_version", "fabric_version", "task", "course", "staff")
MAIN_GUARD = re.compile(r"""^if __name__ == ["']__main__["']:""", re.MULTILINE)
HELP = ("-h", "--help")
UNKNOWN = "--no-such-flag"
TRAINING = ("python -m vanilla", "python -m lightning_version")


def entry_points():
    """{"python -m vanilla": "vanilla", ..., "python -m staff.lock": "staff.lock"}: each command, and what
    run_entry_points.py runs for it."""
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if path.name == "__main__.py":  # python -m PACKAGE
                modules.append(".".join(parts[:-1]))
            elif MAIN_GUARD.search(path.read_text()):
                modules.append(".".join(parts))
    return {f"python -m {module}": module for module in modules}


ENTRY_POINTS = entry_points()


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """{(command, flag): what it did}: each entry point with -h, --help and UNKNOWN, and the training command
    lines with --version, all in one process."""
    runs = [[target, [flag]] for target in ENTRY_POINTS.values() for flag in (*HELP, UNKNOWN)]
    runs += [[ENTRY_POINTS[command], ["--version"]] for command in TRAINING]
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "run_entry_points.py"), json.dumps(runs)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path_factory.mktemp("entry_points"),
    )
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and len(results) == len(runs), done.stderr[-3000:]
    command = {target: name for name, target in ENTRY_POINTS.items()}
    return {(command[result["entry_point"]], result["args"][0]): result for result in results}


def test_every_kind_of_entry_point_is_found():
    assert {
        "python -m vanilla",
        "python -m lightning_version",
        "python -m staff.bench",
        "python -m course.compare",
        "python -m course.exercises.build",
        "python -m staff.bench.readme",
        "python -m staff.gpu_check",
        "python -m staff.lock",
        "python -m staff.grade",
    } <= set(ENTRY_POINTS)
    assert not [command for command in ENTRY_POINTS if "tests" in command or "__main__" in command]


@pytest.mark.parametrize("flag", HELP)
@pytest.mark.parametrize("command", ENTRY_POINTS)
def test_help_prints_a_usage_naming_the_command_and_exits_0(ran, command, flag):
    done = ran[command, flag]
    assert done["code"] == 0, done["err"]
    usage = done["out"].split("\n", 1)[0]
    target = ENTRY_POINTS[command]
    name = Path(target).stem if target.endswith(".py") else target.rsplit(".", 1)[-1]
    assert usage.startswith("usage: ") and name in usage, done["out"][:500]


@pytest.mark.parametrize("flag", HELP)
@pytest.mark.parametrize("command", ENTRY_POINTS)
def test_help_changes_no_file(ran, command, flag):
    done = ran[command, flag]
    assert done["written"] == [], "tried to write in the repository (refused)"
    assert done["changed"] == [], "changed in the repository"


@pytest.mark.parametrize("flag", HELP)
@pytest.mark.parametrize("command", ENTRY_POINTS)
def test_help_starts_no_process_and_no_connection(ran, command, flag):
    assert ran[command, flag]["started"] == []


@pytest.mark.parametrize("command", ENTRY_POINTS)
def test_an_unknown_flag_exits_2_with_one_error_line(ran, command):
    done = ran[command, UNKNOWN]
    errors = [line for line in done["err"].splitlines() if ": error: " in line]
    assert (done["code"], done["out"], errors) == (2, "", done["err"].splitlines()[-1:]), done[
        "err"
    ]


@pytest.mark.parametrize("command", TRAINING)
def test_version_names_the_course_torch_and_lightning_on_one_line(ran, command):
    done = ran[command, "--version"]
    course = importlib.metadata.version("vanilla-to-lightning")
    expected = f"vanilla-to-lightning {course}; torch {torch.__version__}, lightning {lightning.__version__}"
    assert (done["code"], done["out"]) == (0, f"{command} ({expected})\n")


def test_version_says_when_the_course_is_not_installed(monkeypatch):
    installed = importlib.metadata.version

    def version(package):
        if package == "vanilla-to-lightning":
            raise importlib.metadata.PackageNotFoundError(package)
        return installed(package)

    monkeypatch.setattr(importlib.metadata, "version", version)
    assert versions().startswith("vanilla-to-lightning (not installed); torch ")
