"""The student pack set up from scratch as on a student's Linux laptop: pip sees no configuration file and no PIP_
variable, so everything comes from PyPI, checked against the lock's sha256, except torch's CPU build, which comes
from a local stand-in for PyTorch's CPU index (this machine cannot reach the real one). It downloads about 100 MB and
takes one to two minutes, so `make test` leaves it out (`-m "not setup"`); .ci/run runs it:

    .venv/bin/python -m pytest -m setup tests/test_fresh_setup.py
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course.exercises import build
from staff import student_pack

pytestmark = [
    pytest.mark.setup,
    pytest.mark.skipif(
        sys.platform != "linux", reason="the CPU torch step and its stand-in are Linux's"
    ),
]
ROOT = Path(__file__).resolve().parent.parent
OURS = re.compile(
    r"^(Setting up \.venv/ with Python [\d.]+ \(first use: about a minute, 300 MB\)"
    r"|torch \S+\+cpu: torch-\S+\.whl from \S+; .*"
    r"|requirements\.lock: installing every package it pins, each file checked by pip against its sha256"
    r"|the course's own packages, editable: .*"
    r"|Set up in \d+ s\.)$"
)


def laptop_env():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "VIRTUAL_ENV"))
    }
    return dict(env, PIP_CONFIG_FILE=os.devnull)


def stand_in(folder, version):
    """A PEP 503 index in folder with torch's CPU wheel for this Python, fetched through this machine's own pip
    configuration (where the machine has no such wheel, the test cannot run here)."""
    page = folder / "torch"
    got = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--dest",
            str(page),
            f"torch=={version}",
        ],
        capture_output=True,
        text=True,
    )
    wheels = sorted(page.glob("torch-*.whl"))
    if got.returncode != 0 or not wheels:
        pytest.skip(
            f"no torch {version} wheel for this Python at hand: {got.stderr.strip()[-300:]}"
        )
    links = "".join(f'<a href="{w.name.replace("+", "%2B")}">{w.name}</a>\n' for w in wheels)
    (page / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    return folder.as_uri(), wheels[0].name


def test_the_student_pack_sets_up_from_scratch_as_on_a_laptop_and_checks_an_exercise(tmp_path):
    folder = tmp_path / "student-pack"
    student_pack.write(folder)
    version = re.search(
        r"^torch==(\S+\+cpu)", (ROOT / "requirements.lock").read_text(), re.M
    ).group(1)
    index, wheel = stand_in(tmp_path / "torch-cpu-index", version)
    answered = folder / "notebooks" / "exercises" / "06_scaling_out.ipynb"
    answered.write_text((build.SOLUTIONS / answered.name).read_text())
    # What `python bootstrap.py check NOTEBOOK` does, with the stand-in where PyTorch's CPU index would be.
    script = (
        f"import sys, bootstrap; bootstrap.TORCH_CPU_INDEX = {index!r}; "
        f"sys.exit(bootstrap.main(['check', {str(answered.relative_to(folder))!r}]))"
    )
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        env=laptop_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(f"set-up and check: {time.perf_counter() - start:.0f} s")
    said = run.stderr.splitlines()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "All 2 exercises correct, in 1 notebook." in run.stdout
    setup_lines = said[:5]
    assert all(OURS.match(line) for line in setup_lines), said
    assert setup_lines[1].startswith(
        f"torch {version}: {wheel} from {tmp_path / 'torch-cpu-index' / 'torch'}; "
    )
    imported = subprocess.run(
        [str(folder / ".venv" / "bin" / "python"), "-c", "import course; print(course.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert imported.stdout.startswith(str(folder)), imported
    again = subprocess.run(
        [sys.executable, "bootstrap.py", "setup"],
        cwd=folder,
        env=laptop_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
