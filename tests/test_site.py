"""The slides (staff/slides.py) and the static site (staff/build_site.py) read offline: every page names only files
beside it, which exist, and nothing on the network; where each slide begins is the lessons' own cell metadata,
plumbing and "Under the hood" off the slides, the refactor on one slide, a tall output cut onto the slides below. The real browser check at 1280x720 (staff/instructor_browser_check.py) is run by
`make instructors-check`."""

import html
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from staff import build_site, slides

REPO = Path(__file__).resolve().parents[1]

LESSON = REPO / "notebooks" / "03_refactor.ipynb"
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#][^"']*)["']""")


def references(page):
    """The files a page loads or links to (not data: URIs, not anchors)."""
    return [ref for ref in REFERENCE.findall(page) if not ref.startswith("data:")]


def assert_offline(page, where):
    for ref in references(page):
        assert not re.match(r"(https?:)?//", ref), f"{where.name} names the network: {ref}"
        assert (where.parent / unquote(ref)).exists(), f"{where.name} names a missing file: {ref}"
    assert '<script src="http' not in page and "@import url(http" not in page


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    decks = slides.build(out / "slides", [LESSON])
    pages = build_site.notebook_pages([LESSON], out, "lessons")
    build_site.pair_pages(out)
    (out / "rosetta.html").write_text(
        build_site.markdown_page("# Rosetta\n\n" + build_site.rosetta.markdown(), "R")
    )
    (out / "index.html").write_text(build_site.index([LESSON], []))
    return out, decks[0], pages[0]


def test_slides_read_offline_with_reveal_js_beside_them(built):
    out, deck, _ = built
    page = deck.read_text()
    assert_offline(page, deck)
    assert {
        "reveal.js/dist/reveal.js",
        "reveal.js/dist/reveal.css",
        "reveal.js/dist/theme/white.css",
    } <= set(references(page))
    assert "require.js" not in page and "mathjax" not in page.lower()
    assert not re.search(
        r"@import|url\(https?:", (out / "slides" / "reveal.js/dist/theme/white.css").read_text()
    )


LESSONS = slides.lessons()
PLUMBING = re.compile(
    r"^(import \S+( as \w+)?|from \S+ import .+|quiet\(\)|lesson\d\.setup\(\).*|#.*|)$"
)


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_every_cell_says_where_its_slide_begins_and_plumbing_stays_off(path):
    notebook = nbformat.read(path, as_version=4)
    hood = False
    for cell in notebook.cells:
        kind = slides.slide_kind(cell)
        assert kind in slides.KINDS, f"{path.name}: cell {cell.id} has no slide type"
        hood = hood or cell.cell_type == "markdown" and cell.source.startswith("## Under the hood")
        if hood:
            assert kind == "skip", f"{path.name}: cell {cell.id}, under the hood, is on a slide"
        if cell.cell_type == "code" and not cell.outputs:
            if all(PLUMBING.match(line.strip()) for line in cell.source.splitlines()):
                assert kind == "skip", (
                    f"{path.name}: cell {cell.id} holds only imports: not a slide"
                )
    assert slides.slide_kind(notebook.cells[0]) == "slide"


def test_a_cell_without_a_slide_type_is_named():
    notebook = nbformat.read(LESSON, as_version=4)
    del notebook.cells[3].metadata["slideshow"]
    with pytest.raises(slides.SlideError, match=f"cell 3 \\(id {notebook.cells[3].id}.*slide_type"):
        slides.for_slides(notebook, LESSON.name)


def test_the_refactor_is_one_slide_of_two_columns_the_five_steps_marked():
    notebook = slides.for_slides(nbformat.read(LESSON, as_version=4))
    [cell] = [cell for cell in notebook.cells if cell.metadata.get("slides", {}).get("refactor")]
    page = cell.outputs[0].data["text/html"]
    assert page.count("<pre>") == 2 and slides.HIDE_INPUT in cell.metadata["tags"]
    left, right = re.findall(r"<pre>(.*?)</pre>", page, re.S)
    assert "loss.backward()" in left and "def training_step" in right and "L.Trainer(" in right
    marked = re.findall(r"<span class='step'>(.*?)</span>", left)
    assert [re.search(r"step (\d)", line).group(1) for line in marked] == list("12345")
    assert max(len(line) for line in html.unescape(left + right).splitlines()) <= 2 * slides.WIDTH


def cells_text(outputs):
    """The text of every table cell and every printed line of the outputs, in order."""
    found = []
    for out in outputs:
        page = slides._text(out.get("data", {}).get("text/html", ""))
        found += re.findall(r"<td style=\"[^\"]*\">(.*?)</td>", page)
        found += slides._text(out.get("text", "")).splitlines()
    return found


@pytest.mark.parametrize("lesson", ["04_dangers", "03_refactor"])
def test_a_tall_output_is_cut_between_lines_and_rows_onto_subslides_and_loses_nothing(lesson):
    notebook = nbformat.read(REPO / "notebooks" / f"{lesson}.ipynb", as_version=4)
    cut = slides.for_slides(notebook)
    added = [cell for cell in cut.cells if "__" in cell.id]
    # a feature view's short right side may sit below its left side's last piece ("-")
    assert added and all(
        slides.slide_kind(cell) == "subslide"
        or cell.id.endswith("__right")
        and slides.slide_kind(cell) == "-"
        for cell in added
    )
    for original in notebook.cells:
        if original.cell_type != "code" or slides.slide_kind(original) == "skip":
            continue
        pieces = [cell for cell in cut.cells if cell.id.split("__")[0] == original.id]
        printed = [
            {**out, "text": slides._terminal(slides._text(out.get("text", "")))}
            for out in original.outputs
        ]
        if not original.metadata.get("slides", {}).get("refactor"):
            assert cells_text([out for cell in pieces for out in cell.outputs]) == cells_text(
                printed
            )
            # and each piece fits a slide, or is one line or row that cannot be cut
            for out in (out for cell in pieces for out in cell.outputs):
                assert slides._height(out) <= slides.LINES or len(cells_text([out])) <= 2
        shown = "\n".join(
            cell.source for cell in pieces if slides.HIDE_INPUT not in cell.metadata.get("tags", [])
        )
        assert shown in (slides.IGNORE.sub("", original.source), "") or not original.metadata.get(
            "slides"
        )


def test_a_cut_view_leaves_no_short_last_slide_and_a_one_line_side_joins_the_last():
    """Lesson 3's data view is cut into even pieces (greedy filling left a last slide of 2 rows), and
    lesson 4's precision view puts Lightning's one-line side below the vanilla side's last piece."""
    for lesson, view in (
        ("03_refactor", 'show("vanilla/data.py"'),
        ("04_dangers", 'show_feature("precision")'),
    ):
        notebook = nbformat.read(REPO / "notebooks" / f"{lesson}.ipynb", as_version=4)
        original = next(cell for cell in notebook.cells if cell.source.startswith(view))
        cut = slides.for_slides(notebook).cells
        pieces = [cell for cell in cut if cell.id.split("__")[0] == original.id]
        # the slides the pieces make: a "-" piece sits on the slide above it
        heights = []
        for cell in pieces:
            height = sum(map(slides._height, cell.outputs))
            if slides.slide_kind(cell) == "-" and heights:
                heights[-1] += height
            else:
                heights.append(height)
        assert len(heights) > 1 and max(heights) <= slides.LINES, (lesson, heights)
        assert min(heights) >= slides.LINES / 3, (lesson, heights)
    assert slides.slide_kind(pieces[-1]) == "-" and pieces[-1].id.endswith("__right")


def test_chunks_are_as_few_as_fit_and_even():
    sizes = [10, 10, 1, 1, 1, 1, 9]
    runs = slides._chunks(list(range(len(sizes))), sizes, 19)
    assert [sum(sizes[k] for k in run) for run in runs] == [10, 12, 11]
    assert slides._chunks([], []) == [[]] and slides._chunks(["big"], [40], 19) == [["big"]]


def test_site_pages_read_offline(built):
    out, _, lesson = built
    pages = [
        lesson,
        out / "pairs" / "index.html",
        out / "pairs" / "minimal.html",
        out / "rosetta.html",
        out / "index.html",
    ]
    for page in pages:
        assert_offline(page.read_text(), page)
    assert "class='sidebyside'" in (out / "pairs" / "minimal.html").read_text()
    assert (
        "<table>" in (out / "rosetta.html").read_text()
        and "Trainer(max_epochs=epochs)" in (out / "rosetta.html").read_text()
    )


def test_the_student_site_has_no_instructors_page_which_builds_apart(tmp_path):
    """The instructors' page answers the room's questions and says how grading is fenced: not for students."""
    assert "instructors" not in build_site.nav(0) + build_site.index([LESSON], [])
    page = build_site.build_instructors(tmp_path / "instructors")
    assert page.name == "index.html" and "grade" in page.read_text()
    assert_offline(page.read_text(), page)
