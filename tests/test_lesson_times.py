"""Each lesson's header states times a measurement backs: its reading time against the notebook's size (words of
prose, lines of code and output, figures, at the rates staff/lesson_times.py states), its run time against the
run recorded in staff/lesson_times.json for the code it has now. staff/INSTRUCTORS.md's tables are the ones the record
gives, and the paths fit their 45 and 90 minutes. After changing a lesson: `make lesson-times`."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from staff import lesson_times

REPO = Path(__file__).resolve().parents[1]
RECORD = json.loads(lesson_times.RECORD.read_text())
LESSONS = lesson_times.lessons()
NAMES = [path.stem for path in LESSONS]
RERUN = "the code changed since its run was measured: run `make lesson-times` (python -m staff.lesson_times)"


def reading_ok(stated, measured):
    """A header rounds to 5 minutes; beyond that it may be a third off the model, not more."""
    return abs(stated - measured) <= max(5, 0.35 * measured)


def run_ok(stated, measured):
    return abs(stated - measured) <= max(2, 0.5 * measured)


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_the_header_states_the_reading_time_the_notebooks_size_gives(path):
    notebook = nbformat.read(path, as_version=4)
    stated, _ = lesson_times.header(notebook)
    load = lesson_times.reading_load(lesson_times.core(notebook))
    measured = lesson_times.reading_minutes(load)
    assert stated is not None, f"{path.name}: no '**Time:** N minutes to read' in its first cell"
    assert reading_ok(stated, measured), (
        f"{path.name} says {stated} minutes to read; its core's size gives {measured:.0f} ({load})"
    )


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_each_lessons_core_reads_within_the_limit_and_its_optional_sections_come_last(path):
    notebook = nbformat.read(path, as_version=4)
    part = lesson_times.core(notebook)
    minutes = lesson_times.reading_minutes(lesson_times.reading_load(part))
    assert minutes <= lesson_times.CORE_LIMIT, (
        f"{path.name}: its core path reads in {minutes:.1f} minutes, over {lesson_times.CORE_LIMIT}: move a "
        f"section to the end under '{lesson_times.OPTIONAL}: ...'"
    )
    titles = [title for title, _ in lesson_times.sections(notebook)]
    rest = titles[len(lesson_times.sections(part)) :]
    assert all(title.startswith(lesson_times.OPTIONAL[3:]) for title in rest), (
        f"{path.name}: after its first optional section comes a section that is not marked optional: {rest}"
    )
    assert "What to remember" in [title for title, _ in lesson_times.sections(part)], (
        f"{path.name}: 'What to remember' belongs to the core, before the optional sections"
    )


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_what_to_remember_is_at_most_five_points_and_the_first_code_is_short(path):
    notebook = nbformat.read(path, as_version=4)
    remember = dict(lesson_times.sections(notebook)).get("What to remember", [])
    bullets = [
        line
        for cell in remember
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith(("- ", "* ", "1. ", "2. ", "3. ", "4. ", "5. ", "6. "))
    ]
    assert 1 <= len(bullets) <= 5, f"{path.name}: 'What to remember' has {len(bullets)} points"
    first = next((cell for cell in notebook.cells if cell.cell_type == "code"), None)
    shown = [line for line in (first.source if first else "").splitlines() if line.strip()]
    assert len(shown) <= 8 and not any(line.startswith(("def ", "class ")) for line in shown), (
        f"{path.name}: its first code cell is {len(shown)} lines: a lesson's first screen is its title, what it "
        "teaches and its first idea; put helpers in course/ and call them in one short line"
    )


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_the_header_states_the_run_time_measured(path):
    notebook = nbformat.read(path, as_version=4)
    recorded = RECORD["lessons"].get(path.name)
    assert recorded and recorded["code_hash"] == lesson_times.code_hash(notebook), (
        f"{path.name}: {RERUN}"
    )
    _, stated = lesson_times.header(notebook)
    assert stated is not None, (
        f"{path.name}: no 'the cells run in about S seconds' in its first cell"
    )
    assert run_ok(stated, recorded["cells_seconds"]), (
        f"{path.name} says its cells run in about {stated:g} s; measured {recorded['cells_seconds']} s "
        f"(best of {len(recorded['runs'])} runs in a fresh kernel)"
    )


def test_the_instructors_tables_are_the_records():
    text = (REPO / "staff" / "INSTRUCTORS.md").read_text()
    assert lesson_times.instructors_text(text, RECORD) == text, (
        "staff/INSTRUCTORS.md's tables differ from the record: run `make lesson-times` (or python -m "
        "staff.lesson_times --instructors)"
    )


def test_the_paths_fit_their_time_with_slack():
    for length, minutes in lesson_times.totals(RECORD).items():
        assert 0.7 * length <= minutes <= (1 - lesson_times.SLACK) * length, (
            f"the {length}-minute path takes {minutes:.0f} minutes: it must leave "
            f"{lesson_times.SLACK:.0%} of its time free"
        )


def test_every_stop_projects_the_code_it_talks_about():
    for length, stops in lesson_times.PATHS.items():
        for stop in stops:
            if "lesson" not in stop:
                continue
            notebook = nbformat.read(REPO / "notebooks" / stop["lesson"], as_version=4)
            assert stop["live"] or lesson_times.projects_code(notebook, stop["read"]), (
                f"the {length}-minute path's stop at {stop['lesson']} talks through {stop['read']} with no code on "
                "the screen: add the section that shows it"
            )


def test_a_stop_gives_each_changed_row_more_time_than_a_line_of_prose():
    notebook = nbformat.read(REPO / "notebooks" / "03_refactor.ipynb", as_version=4)
    rows, minutes = lesson_times.explain_minutes(notebook, ["Side by side"])
    prose_line_s = 19.8 * 60 / lesson_times.PROSE_WPM
    assert rows >= 20 and minutes * 60 / rows + 60 / lesson_times.CODE_LPM > prose_line_s


def test_the_reading_check_can_fail():
    assert (
        reading_ok(15, 13.1)
        and reading_ok(30, 23.8)
        and not reading_ok(15, 6.1)
        and not reading_ok(30, 12.3)
    )
    assert run_ok(2, 3.1) and not run_ok(5, 12.0)


# what a newcomer's core path must not need: Lightning's private names and source files, file-system internals,
# pickles, monkeypatching
INTERNALS = re.compile(
    r"fsspec|pickle|__reduce__|\bmock\b|monkeypatch|setattr\(|TMPDIR|(?<![\w.])_[A-Z]\w+|lightning/(?:pytorch|fabric)/"
)


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_a_lessons_core_needs_no_internals(path):
    found = [
        match.group()
        for cell in lesson_times.core(nbformat.read(path, as_version=4)).cells
        for match in INTERNALS.finditer(cell.source)
    ]
    assert not found, (
        f"{path.name}: its core path uses {sorted(set(found))}: move it under the hood"
    )
