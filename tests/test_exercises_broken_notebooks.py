"""Broken exercise notebooks, beside a right one, checked as a student would: each is reported one by one, and `make
check` fails with its own sentence, not a make crash line. (Apart from test_exercises_notebooks.py so that its runs
and these go to two workers at once.)"""

import contextlib
import io
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from course.exercises import check

REPO = Path(__file__).resolve().parents[1]


def notebook(*cells):
    made = nbformat.v4.new_notebook()
    made.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return made


# The kernel kills its parent and, where the run has a PID namespace of its own (bubblewrap), its grandparent too,
# which outside one would be the check itself.
KILLS_AROUND = f"""import os, signal
parent = os.getppid()
grandparent = int(open(f"/proc/{{parent}}/stat").read().rsplit(")", 1)[1].split()[1])
for pid in ({"grandparent, " if check._apart() else ""}parent,):
    os.kill(pid, signal.SIGKILL)"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A folder of notebooks, each broken in another way, beside one that is right."""
    folder = tmp_path_factory.mktemp("broken")
    cases = {
        "good.ipynb": notebook("# Exercise 9a: say hi\nprint('Correct: hi')"),
        "exits.ipynb": notebook(
            "# Exercise 9a: say hi\nexit()", "# Exercise 9b: again\nprint('Correct: again')"
        ),
        "dies.ipynb": notebook(
            "import os\nos._exit(1)", "# Exercise 9a: say hi\nprint('Correct: hi')"
        ),
        "blocks.ipynb": notebook("# Exercise 9a: say hi\nimport time\ntime.sleep(600)"),
        "kills.ipynb": notebook(KILLS_AROUND, "# Exercise 9a: say hi\nprint('Correct: hi')"),
    }
    for name, made in cases.items():
        nbformat.write(made, folder / name)
    (folder / "not_json.ipynb").write_text("{this is not json")
    (folder / "empty.ipynb").write_text("")
    # a student notebook emptied: its exercises are still named
    (folder / "01_five_steps.ipynb").write_text("{}")
    names = [
        "good",
        "exits",
        "dies",
        "blocks",
        "kills",
        "not_json",
        "empty",
        "01_five_steps",
        "missing",
    ]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        status = check.main([str(folder / f"{name}.ipynb") for name in names] + ["--timeout", "5"])
    return status, output.getvalue(), folder


def test_every_broken_notebook_is_reported_and_the_good_one_too(broken):
    status, said, folder = broken
    assert status == 1
    reports = {
        Path(block.splitlines()[0]).stem: block.splitlines()[1:]
        for block in ("\n" + said).split(f"\n{folder}/")[1:]
    }
    assert reports["good"] == ["  Exercise 9a: Correct: hi", "  1 of 1 exercises correct."]
    assert reports["exits"][0] == (
        "  Exercise 9a: this cell calls exit(): in JupyterLab that shuts the kernel down, "
        "so nothing after it runs. Remove it."
    )
    assert reports["dies"][0].startswith(
        "  cell 0: the kernel died while this cell ran (os._exit(), exit(),"
    )
    assert reports["dies"][1] == "  Exercise 9a: not checked: the run stopped above."
    assert reports["blocks"][0].startswith(
        "  Exercise 9a: this cell ran longer than 5 s and was stopped"
    )
    assert reports["not_json"] == [
        "  notebook: not a notebook that can be read (NotJSONError: Notebook does not "
        "appear to be JSON: '{this is not json'). Save it again from JupyterLab, or "
        "start over from a fresh copy."
    ]
    assert reports["empty"][0].startswith(
        "  notebook: not a notebook that can be read (NotJSONError"
    )
    assert reports["01_five_steps"][1:] == [
        "  Exercise 1a: not checked: the notebook could not be read.",
        "  Exercise 1b: not checked: the notebook could not be read.",
        "  0 of 2 exercises correct.",
    ]
    assert reports["missing"][0] == "  notebook: no such file."
    # judged on its own: it uses nothing of 9a
    assert reports["exits"][1] == "  Exercise 9b: Correct: again"
    assert re.fullmatch(
        r"  notebook: its run was stopped from outside \(exit status (-9|137)\): does it stop "
        r"processes \(os.kill, pkill, killpg\)\? Remove that and check it again.",
        reports["kills"][0],
    )
    assert said.splitlines()[-1].startswith("2 of 7 exercises correct, in 9 notebooks:")


def make_check(broken, *names):
    """`make check` on some of the broken folder's notebooks, with the repository's Python, a status file in the
    test's folder and the set-up step taken as done (it must never reinstall anything here)."""
    folder = broken[2]
    notebooks = " ".join(str(folder / f"{name}.ipynb") for name in names)
    return subprocess.run(
        [
            "make",
            "-C",
            str(REPO),
            "--no-print-directory",
            "SET_UP_ERROR=",
            "check",
            f"VENV={folder}",
            f"BIN={REPO}/.venv/bin",
            f"NOTEBOOK={notebooks}",
            "TIMEOUT=5",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_check_fails_with_its_own_sentence_not_a_make_crash_line(broken):
    failed = make_check(broken, "good", "not_json")
    assert failed.returncode != 0
    assert (
        "  Exercise 9a: Correct: hi" in failed.stdout
        and "not_json.ipynb\n  notebook: not a notebook" in failed.stdout
    )
    assert "Error 1" not in failed.stderr and "make: ***" not in failed.stderr
    assert failed.stderr.strip().endswith(
        "*** make check: not every exercise is correct yet. The lines above say "
        "which and how to fix it.  Stop."
    )
