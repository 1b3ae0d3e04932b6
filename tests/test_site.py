"""The slides (staff/slides.py) and the static site (staff/build_site.py) read offline: every page names only files
beside it, which exist, and nothing on the network; one idea per slide, a tall side-by-side view cut between rows
onto the slides below it. The real browser check at 1280x720 (staff/instructor_browser_check.py) is run by
`make instructors-check`."""

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


def test_one_idea_per_slide_and_a_tall_view_cut_between_rows():
    notebook = slides.with_slide_breaks(nbformat.read(LESSON, as_version=4))
    kinds = [(cell.cell_type, cell.metadata["slideshow"]["slide_type"]) for cell in notebook.cells]
    # each idea opens a slide
    assert all(kind == "slide" for cell_type, kind in kinds if cell_type == "markdown")
    views = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code"
        and any(
            "class='sidebyside'" in "".join(out.get("data", {}).get("text/html", ""))
            for out in cell.outputs
        )
    ]
    continued = [cell for cell in views if slides.CONTINUED in cell.metadata.get("tags", [])]
    assert continued and all(
        cell.metadata["slideshow"]["slide_type"] == "subslide" for cell in continued
    )
    for cell in views:
        page = "".join(cell.outputs[0].data["text/html"])
        assert page.count("<th ") == 2  # each piece repeats the two file names on top
        assert slides.output_height(cell.outputs[0]) <= slides.SCREEN
    original = nbformat.read(LESSON, as_version=4)
    rows = sum(
        len(slides.ROW.findall("".join(out.get("data", {}).get("text/html", ""))))
        for cell in original.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    pieces = sum(
        len(slides.ROW.findall("".join(cell.outputs[0].data["text/html"]))) for cell in views
    )
    # every row shown once, the header row once more on each later piece
    assert pieces - rows == len(continued)


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
