"""Words a newcomer meets are explained where they first appear: read in the lessons' order, the first mention of each
term below, in prose, is in bold, in the sentence that says what it is. And the course never calls its starting loop
"the seed", a name it never explained."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(
    (ROOT / "notebooks").glob("[0-9]*.ipynb")
)  # 01, 02, ..., 05, 05b, ..., 08: the reading order

# term: how it is written (a capitalised term is matched case and all)
TERMS = {
    "bitwise": r"\bbitwise\b",
    "mixed precision": r"\bmixed precision\b",
    "checkpoint": r"\bcheckpoints?\b",
    "LightningModule": r"\bLightningModule\b",
    "Trainer": r"\bTrainer\b",
    "hook": r"\bhooks?\b",
    "callback": r"\bcallbacks?\b",
    "sanity check": r"\bsanity[- ]checks?\b",
    "closure": r"\bclosures?\b",
    "all-reduce": r"\ball-reduce\b",
    "rank": r"\branks?\b",
    "MLP": r"\bMLPs?\b",
    "LightningCLI": r"\bLightningCLI\b",
}
BOLD = re.compile(r"\*\*.+?\*\*")


def first_mention(pattern):
    """(lesson, cell index, cell source, where) of the first mention in a markdown cell, in the lessons' order."""
    flags = 0 if pattern.strip("\\b")[0].isupper() else re.IGNORECASE
    for lesson in LESSONS:
        for index, cell in enumerate(nbformat.read(lesson, as_version=4).cells):
            found = cell.cell_type == "markdown" and re.search(pattern, cell.source, flags)
            if found:
                return lesson.name, index, cell.source, found.start()
    return None


@pytest.mark.parametrize("term", TERMS)
def test_each_term_is_explained_in_bold_where_it_first_appears(term):
    found = first_mention(TERMS[term])
    assert found, f"no lesson mentions {term!r}: take it off the list"
    lesson, index, source, where = found
    assert any(span.start() <= where < span.end() for span in BOLD.finditer(source)), (
        f"{lesson}, cell {index}, first mentions {term!r} without explaining it: make that mention **bold** in the "
        f"sentence that says what it is: ...{source[max(0, where - 60) : where + 60]}..."
    )


def student_files():
    """What a student reads: the lessons, the exercises, the README, the three versions, the task and course/."""
    for pattern in ("notebooks/**/*.ipynb", "README.md", "*/**/*.py"):
        for path in ROOT.glob(pattern):
            top = path.relative_to(ROOT).parts[0]
            if top in (
                "notebooks",
                "README.md",
                "vanilla",
                "lightning_version",
                "fabric_version",
                "task",
                "course",
            ):
                yield path


def test_no_student_file_calls_the_starting_loop_the_seed():
    said = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in student_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bthe seed\b|\bseed's\b", line, re.IGNORECASE)
    ]
    assert len(list(student_files())) > 50 and said == [], said
