"""The student pack (staff/student_pack.py) holds everything tracked but staff/, the tests and the solutions: the
lessons, the exercises, the packages and the set-up, and no answer: no solution notebook, no test, no solution's
answer in any file but the one the checks compare against; a new top-level file or folder lands in it by itself;
its `make check` works inside it. The full fresh set-up (a new virtual environment from the lock) is run by
`make instructors-check`; here the pack reuses this environment's packages."""

import importlib.util
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

from course.exercises import build
from staff import student_pack

REPO = Path(__file__).resolve().parents[1]
# Where an answer is in the pack by design: the reference the check runs beside the student's code.
ANSWER_SHOWN = {("1b", "course/exercises/probe.py")}


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack") / "student-pack"
    return folder, student_pack.write(folder)


def test_the_pack_holds_the_lessons_the_exercises_the_packages_and_the_set_up(pack):
    folder, files = pack
    lessons = {path.name for path in (REPO / "notebooks").glob("[0-9][0-9]*.ipynb")}
    exercises = {path.name for path in build.EXERCISES.glob("[0-9]*.ipynb")}
    assert {
        name.removeprefix("notebooks/")
        for name in files
        if re.fullmatch(r"notebooks/\d\d\w*\.ipynb", name)
    } == lessons
    assert {
        name.removeprefix("notebooks/exercises/")
        for name in files
        if name.startswith("notebooks/exercises/") and name.endswith(".ipynb")
    } == exercises
    for name in (
        "Makefile",
        "bootstrap.py",
        "pyproject.toml",
        "requirements.lock",
        "README.md",
        "course/exercises/check.py",
        "task/diabetes.csv",
        "vanilla/minimal.py",
        "lightning_version/minimal.py",
        "course/bench_results/latest.json",
        "common/__init__.py",
        "fabric_version/minimal.py",
    ):
        assert name in files, name
    readme = (folder / "README.md").read_text()
    for command in (
        "make run",
        "make check",
        "py -3.12 bootstrap.py run",
        "py -3.12 bootstrap.py check",
        student_pack.torch_cpu_index(),
    ):
        assert command in readme, command
    assert (
        f'TORCH_CPU_INDEX = "{student_pack.torch_cpu_index()}"'
        in (folder / "bootstrap.py").read_text()
    )


def test_the_pack_holds_no_solution_no_test_and_no_grader(pack):
    folder, files = pack
    assert not [
        name
        for name in files
        if "solutions" in name or name.startswith(("tests/", "staff/", ".ci/"))
    ]
    for name in files:
        if name.endswith(".ipynb"):
            assert build.BEGIN not in (folder / name).read_text(), name
    targets = subprocess.run(["make", "help"], cwd=folder, capture_output=True, text=True).stdout
    # staff/instructors.mk's targets stay with staff/
    assert " check " in targets and " grade " not in targets


def test_the_pack_is_everything_tracked_but_staff_the_tests_and_the_solutions(pack):
    _, files = pack
    tracked = student_pack.tracked()
    tops = {name.split("/")[0] for name in tracked} - {"staff", "tests", ".ci"}
    assert {name.split("/")[0] for name in files} == tops
    assert set(files) == {name for name in tracked if not name.startswith(student_pack.LEFT_OUT)}


def test_a_new_top_level_file_or_folder_lands_in_the_pack_unless_it_is_staff_tests_or_solutions():
    new = [
        "NEWS.md",
        "datasets/new.csv",
        "new_version/__init__.py",
        "notebooks/09_new.ipynb",
        "notebooks/exercises/09_new.ipynb",
    ]
    staffs = [
        "staff/new_tool.py",
        "tests/test_new.py",
        "notebooks/exercises/solutions/09_new.ipynb",
    ]
    tracked = student_pack.tracked()
    assert student_pack.in_pack(tracked + new + staffs) == student_pack.in_pack(tracked) + new


def solution_answers():
    """(exercise, answer) for every marked answer of two lines or more in the solutions."""
    found = []
    for path in build.solution_paths():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and build.BEGIN in cell.source:
                for block in re.findall(
                    r"# BEGIN SOLUTION\n(.*?)\n\s*# END SOLUTION", cell.source, re.S
                ):
                    if len([line for line in block.splitlines() if line.strip()]) >= 2:
                        found.append((build.exercise_of(cell.source), " ".join(block.split())))
    return found


def test_no_solutions_answer_is_in_the_pack(pack):
    folder, files = pack
    texts = {
        name: " ".join((folder / name).read_text(errors="replace").split())
        for name in files
        if not name.endswith((".csv", ".lock"))
    }
    answers = solution_answers()
    assert len(answers) >= 12
    shown = {
        (exercise, name)
        for exercise, answer in answers
        for name, text in texts.items()
        if answer in text
    }
    assert shown == ANSWER_SHOWN


def test_make_check_works_inside_the_pack(pack, tmp_path):
    """The pack's own Makefile checks a notebook answered as its solution answers it, with this environment's
    packages standing in for the set-up (a virtual environment whose site-packages points at this one's)."""
    folder, _ = pack
    venv = folder / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "_course.pth").write_text(f"{folder}\n{sysconfig.get_paths()['purelib']}\n")
    spec = importlib.util.spec_from_file_location("pack_bootstrap", folder / "bootstrap.py")
    pack_bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pack_bootstrap)
    # bootstrap.py takes the set-up as done
    (venv / "installed").write_text(pack_bootstrap.stamp_text("cpu"))
    answered = folder / "notebooks" / "exercises" / "06_scaling_out.ipynb"
    answered.write_text((build.SOLUTIONS / "06_scaling_out.ipynb").read_text())
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    run = subprocess.run(
        ["make", "check", f"NOTEBOOK={answered.relative_to(folder)}", f"PYTHON={sys.executable}"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "All 2 exercises correct, in 1 notebook." in run.stdout
    assert (
        str(folder)
        in subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import course; print(course.__file__)"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        ).stdout
    )


def test_the_packs_make_says_what_it_lacks_instead_of_failing_on_a_missing_file(pack):
    folder, _ = pack
    for target, lacks in [
        ("test", "tests/"),
        ("bench", "staff/"),
        ("test-gpu", "staff/"),
        ("browser-check", "staff/"),
    ]:
        made = subprocess.run(["make", target], cwd=folder, capture_output=True, text=True)
        assert made.returncode == 2 and made.stderr.strip().endswith(
            f"*** this folder has no {lacks} (a student pack?): check your exercises with make check.  Stop."
        ), made
