"""The student pack's notebooks name only what the pack holds: a file, a module or a `make` target of the repository
that the pack leaves out (the tests, the staff package, the solutions, `make bench`) is named as "in the course
repository", in the same paragraph, so a student never looks for it in the folder they were given."""

import re
from pathlib import Path

import nbformat
import pytest

from staff import student_pack

REPO = Path(__file__).resolve().parents[1]
TRACKED = student_pack.tracked()
PACK = set(student_pack.in_pack(TRACKED))
TOP = {name.split("/")[0] for name in TRACKED if "/" in name}  # the repository's top-level folders
NAMED = re.compile(
    r"`(?:python -m )?([\w-]+)([./][\w./=-]*)?"
)  # `tests/x.py`, `python -m staff.bench.x`, ...
MAKE = re.compile(r"`make ([\w-]+)")
ELSEWHERE = "course repository"
NOTEBOOKS = student_pack.lessons() + student_pack.exercise_notebooks()


def in_pack(top, rest):
    """Whether the pack holds the file, folder or module `top` + `rest` names; a word in capitals (NAME) stands for
    any name, and a module's name may end in one of its functions (`task.recipe.split_rows`)."""
    path = (top + (rest or "")).rstrip("/.")
    candidates = [path]
    if (
        rest
        and rest.startswith(".")
        and not re.search(r"\.(py|md|ipynb|json|txt|csv|yaml|ckpt)$", path)
    ):
        parts = path.split(".")  # a module, perhaps with a function: drop names from the end
        candidates = ["/".join(parts[:end]) for end in range(len(parts), 1, -1)]
    for candidate in candidates:
        pattern = re.compile(
            re.sub(r"\b[A-Z]+\b", r"[\\w.-]+", re.escape(candidate)) + r"(\.py)?(/.*)?"
        )
        if any(pattern.fullmatch(name) for name in PACK):
            return True
    return False


def make_targets_in_pack():
    """The Makefile's targets that work in the pack: defined there, and not one that says it needs the repository."""
    makefile = (REPO / "Makefile").read_text()
    targets = {}
    for match in re.finditer(r"^([\w-]+):[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.M):
        targets[match.group(1)] = "call need," not in match.group(2)
    return {name for name, works in targets.items() if works}


def mentions(notebook):
    """(paragraph, what it names) for each repository path, module or make target a markdown cell names."""
    targets = make_targets_in_pack()
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in re.split(r"\n\s*\n", cell.source):
            for top, rest in NAMED.findall(paragraph):
                if top in TOP and rest and not in_pack(top, rest):
                    yield paragraph, top + rest
            for target in MAKE.findall(paragraph):
                if target not in targets:
                    yield paragraph, f"make {target}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_what_the_pack_leaves_out_is_named_as_in_the_course_repository(notebook):
    missing = [name for paragraph, name in mentions(notebook) if ELSEWHERE not in paragraph]
    assert missing == [], f"{notebook.name} names what the student pack does not hold: {missing}"


def test_the_check_finds_what_the_pack_leaves_out():
    assert not in_pack("tests", "/test_traps.py") and not in_pack("staff", ".bench.precision_gap")
    assert in_pack("course", "/bench_results/") and in_pack("vanilla", "/minimal.py")
    assert in_pack("course", ".sidebyside") and in_pack("task", ".recipe.split_rows")
    assert in_pack("vanilla", "/features/NAME.py") and not in_pack("staff", "/NAME.py")
    assert "bench" not in make_targets_in_pack()
    assert {"run", "check", "lab"} <= make_targets_in_pack()
