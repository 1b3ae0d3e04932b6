"""The set-up: ranges in pyproject.toml, exact pins in the locks, the locked set installed here, the licences, and
lessons whose formulas need no script (their HTML reads offline). staff/lock.py resolves the locks elsewhere."""

import importlib.metadata
import json
import re
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from staff import lock

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
TEX = re.compile(r"\$[^$\n]+\$|\$\$|\\\(|\\\[|\\begin\{")


def requirements():
    """Every requirement of pyproject.toml: the dependencies and the extras' own (not the extras that name the course)."""
    extras = [r for group in PYPROJECT["optional-dependencies"].values() for r in group]
    return [
        Requirement(r)
        for r in PYPROJECT["dependencies"] + extras
        if not r.startswith(PYPROJECT["name"])
    ]


def here(lock_name):
    """The lock's pins that apply to this Python on this system."""
    entries = lock.parse((ROOT / lock_name).read_text())
    return {
        name: version
        for name, version, marker, _ in entries
        if marker is None or Marker(marker).evaluate()
    }


def test_pyproject_has_ranges_and_the_locks_pin_each_within_it():
    for requirement in requirements():
        assert not any(s.operator in ("==", "===") for s in requirement.specifier), (
            f"{requirement}: pin it in the lock"
        )
        assert requirement.specifier, f"{requirement}: give a range"
        if requirement.marker and not requirement.marker.evaluate():
            continue  # not for this Python
        for lock_name in lock.LOCKS:
            version = here(lock_name)[lock.canonical(requirement.name)]
            assert requirement.specifier.contains(version, prereleases=False), (
                lock_name,
                requirement,
                version,
            )


def test_the_locked_set_is_what_is_installed():
    torch = importlib.metadata.version("torch")
    pins = here("requirements.lock" if torch.endswith("+cpu") else "requirements-cuda.lock")
    installed = {
        lock.canonical(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()
    }
    assert pins["torch"] == torch
    wrong = {
        name: (version, installed.get(name))
        for name, version in pins.items()
        if installed.get(name) != version
    }
    assert not wrong, f"installed differs from the lock (lock, installed): {wrong}"


def test_every_pin_carries_hashes_and_the_python_range_is_the_one_resolved():
    for lock_name in lock.LOCKS:
        entries = lock.parse((ROOT / lock_name).read_text())
        assert all(hashes for *_, hashes in entries), lock_name
    assert (
        PYPROJECT["requires-python"]
        == f">={lock.PYTHONS[0]},<3.{int(lock.PYTHONS[-1].split('.')[1]) + 1}"
    )
    listed = {
        c.rsplit(" ", 1)[1]
        for c in PYPROJECT["classifiers"]
        if c.startswith("Programming Language :: Python :: 3.")
    }
    assert listed == set(lock.PYTHONS)


def test_the_code_is_mit_and_the_lesson_text_cc_by_4():
    assert PYPROJECT["license"] == "MIT AND CC-BY-4.0"
    assert PYPROJECT["license-files"] == ["LICENSE", "LICENSE-LESSONS"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert (
        "Creative Commons Attribution 4.0 International Public License"
        in (ROOT / "LICENSE-LESSONS").read_text()
    )


@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_a_lessons_formulas_need_no_script(notebook):
    cells = json.loads((ROOT / "notebooks" / notebook).read_text())["cells"]
    tex = [TEX.search("".join(c["source"])) for c in cells if c["cell_type"] == "markdown"]
    assert not any(tex), (
        f"TeX needs MathJax, which the HTML loads from the network: {[m[0] for m in tex if m]}"
    )


def test_lesson_1_rendered_to_html_shows_its_formulas_as_html():
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_filename(str(ROOT / "notebooks" / "01_five_steps.ipynb"))
    assert "<em>w</em><sub>true</sub>" in html
    assert "(<em>ŷ</em> − <em>y</em>)<sup>T</sup> <em>x</em>" in html
    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    assert not TEX.search(body)


@pytest.mark.skipif(
    sys.platform != "linux", reason="the CPU build is the default on Linux; elsewhere PyPI's is one"
)
def test_the_default_set_up_on_linux_installs_no_cuda_library():
    if not importlib.metadata.version("torch").endswith("+cpu"):
        pytest.skip("this environment was set up with TORCH=cuda")
    cuda = [
        d.metadata["Name"]
        for d in importlib.metadata.distributions()
        if lock.CUDA_ONLY.match(d.metadata["Name"])
    ]
    assert not cuda


def build_requirements():
    return [
        Requirement(r)
        for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    ]


def test_every_build_requirement_is_pinned_in_both_locks_for_every_python_and_system_within_its_range():
    assert build_requirements()
    for lock_name in lock.LOCKS:
        entries = lock.parse((ROOT / lock_name).read_text())
        for python in lock.python_points(entries):
            for platform, (_, values) in lock.PLATFORMS.items():
                pins = lock.expected(entries, python, values)
                for requirement in build_requirements():
                    version = pins.get(lock.canonical(requirement.name), (None,))[0]
                    assert version and requirement.specifier.contains(version), (
                        lock_name,
                        python,
                        platform,
                        str(requirement),
                        version,
                    )


def test_the_locks_hold_the_build_requirements_because_pyproject_declares_them():
    for lock_name in lock.LOCKS:
        text = (ROOT / lock_name).read_text()
        for requirement in build_requirements():
            entry = re.search(
                rf"^{lock.canonical(requirement.name)}==.*?(?=^\S)", text, re.M | re.S
            )
            assert entry and "pyproject.toml's [build-system] requires" in entry[0], (
                lock_name,
                str(requirement),
            )
