"""Each lesson as offline slides for a 1280x720 projector: `.venv/bin/python -m staff.slides [--out build/slides]`.

nbconvert's slides exporter with the reveal.js template, made offline (staff/templates/offline_reveal: no CDN), and
reveal.js itself copied beside the slides from staff/vendor/reveal.js (reveal.js 5.2.1 from the npm registry, MIT:
dist/reveal.js, dist/reveal.css and dist/theme/white.css with its web-font import removed, so the system's fonts
are used; the package's sha256 is REVEAL_SHA256). The lessons are not changed: the slide breaks are set on a copy,
one idea per slide: each markdown cell opens a slide, and the cells that follow it stay on it while they fit the
screen; the rest go on slides below it (reveal.js's vertical slides), one block at a time. The stored outputs are
shown, so nothing needs a kernel. Open OUT/index.html, or OUT/NN_lesson.html, in a browser: arrows move, Esc shows
the overview, F goes full screen.
"""

import argparse
import copy
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent
VENDOR = Path(__file__).resolve().parent / "vendor" / "reveal.js"
TEMPLATES = Path(__file__).resolve().parent / "templates"
REVEAL_SHA256 = (
    "359b575dd51bbda32f89b2fd4c7dc46ad7389a805572158916c29252f7a27333"  # reveal.js-5.2.1.tgz
)
SCREEN = 610  # px of a 720 px slide that content may fill, margins and the slide number aside
# px, at the slides' font sizes
PROSE_LINE, HEADING, CODE_LINE, VIEW_LINE, FIGURE = (25, 44, 22, 17, 460)
# characters a line holds: prose, code, half a view
PROSE_CHARS, CODE_CHARS, VIEW_CHARS = (115, 120, 84)
CONTINUED = "slides-continued"  # tag of a cell made to carry the rest of a tall output: its code is not shown
IGNORE = re.compile(r"^\s*# NBVAL_\w+\s*\n?", re.MULTILINE)
# a row; a folded row (course.sidebyside's <details>) holds a table of its own, whole
ROW = re.compile(r"<tr[\s>](?:<details>.*?</details>|.)*?</tr>", re.S)
# a folded row on a slide is closed: its summary
DETAILS = re.compile(r"<details><summary[^>]*>(.*?)</summary>.*?</details>", re.S)
TAG = re.compile(r"<[^>]+>")


def lessons():
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))


def wrapped(text, width):
    """Lines the text takes when lines longer than width wrap."""
    return sum(max(1, -(-len(line) // width)) for line in text.splitlines()) if text.strip() else 0


def markdown_height(source):
    lines = source.splitlines()
    headings = sum(line.startswith("#") for line in lines)
    body = "\n".join(line for line in lines if not line.startswith("#"))
    return headings * HEADING + wrapped(body, PROSE_CHARS) * PROSE_LINE + 10


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def row_height(row):
    """px of one row of a side-by-side view: its longest cell, wrapped in half the slide."""
    cells = [
        html.unescape(TAG.sub("", cell))
        for cell in re.findall(r"<td.*?</td>", DETAILS.sub(r"\1", row), re.S)
    ] or [""]
    return max(wrapped(cell, VIEW_CHARS) or 1 for cell in cells) * VIEW_LINE


def output_height(out):
    data = out.get("data", {})
    if "image/png" in data or "image/svg+xml" in data:
        return FIGURE
    if "text/html" in data:
        page = _text(data["text/html"])
        rows = ROW.findall(page)
        if _columns(page):  # two views side by side: the taller column
            return (
                max(
                    sum(row_height(row) for row in ROW.findall(column)) for column in _columns(page)
                )
                + 30
            )
        return (
            sum(row_height(row) for row in rows) + 30
            if rows
            else wrapped(TAG.sub("", page), PROSE_CHARS) * PROSE_LINE
        )
    if "text/markdown" in data:
        return markdown_height(_text(data["text/markdown"]))
    return wrapped(_text(data.get("text/plain", out.get("text", ""))), CODE_CHARS) * CODE_LINE + 10


def height(cell):
    """Estimated px a cell takes on a slide."""
    if cell.cell_type == "markdown":
        return markdown_height(cell.source)
    shown = (
        0
        if CONTINUED in cell.metadata.get("tags", [])
        else wrapped(cell.source, CODE_CHARS) * CODE_LINE + 16
    )
    return shown + sum(output_height(out) for out in cell.get("outputs", []))


def _columns(page):
    """The inner tables of a view made of two views (course.sidebyside.feature_html): their rows' HTML."""
    return re.findall(r"<td style='width:50%[^>]*><table[^>]*>(.*?)</table></td>", page, re.S)


def split_output(out, room, full):
    """The output cut into pieces: the first fits room px, each next one full px. A side-by-side view is cut
    between rows (its header row repeated), text and code between lines; anything else stays whole."""
    data = out.get("data", {})
    if output_height(out) <= room:
        return [out]
    if "text/html" in data and "class='sidebyside'" in _text(data["text/html"]):
        pages = _split_view(_text(data["text/html"]), room, full)
        return [_with(out, "text/html", page) for page in pages]
    if "text/markdown" in data:
        return [
            _with(out, "text/markdown", text)
            for text in _split_lines(
                _text(data["text/markdown"]), room, full, PROSE_LINE, markdown=True
            )
        ]
    if out.get("output_type") == "stream":
        return [
            _with_text(out, text)
            for text in _split_lines(_text(out.get("text", "")), room, full, CODE_LINE)
        ]
    return [out]


def _with(out, mime, text):
    piece = copy.deepcopy(out)
    piece["data"] = {mime: text}
    return piece


def _with_text(out, text):
    piece = copy.deepcopy(out)
    piece["text"] = text
    return piece


def _chunks(items, sizes, room, full):
    chunks, current, used, limit = [], [], 0, room
    for item, size in zip(items, sizes):
        if current and used + size > limit:
            chunks.append(current)
            current, used, limit = [], 0, full
        current.append(item)
        used += size
    return chunks + [current] if current else chunks


def _split_view(page, room, full):
    start = page.find("<tr")
    if not _columns(page):  # one view: its rows, the header row on every piece
        rows = ROW.findall(page)
        head, body = rows[0], rows[1:]
        end = page[page.rfind("</tr>") + len("</tr>") :]
        pieces = _chunks(body, [row_height(row) for row in body], room - 60, full - 60)
        return [page[:start] + head + "\n" + "\n".join(piece) + end for piece in pieces]
    # two views: cut both at the same row count
    columns = [ROW.findall(column) for column in _columns(page)]
    heads = [rows[0] for rows in columns]
    longest = max(columns, key=len)[1:]
    per_piece = _chunks(longest, [row_height(row) for row in longest], room - 60, full - 60)
    counts, pieces, done = [len(piece) for piece in per_piece], [], 0
    for count in counts:
        cells = []
        for head, rows in zip(heads, columns):
            part = rows[1:][done : done + count]
            cells.append(
                "<td style='width:50%;vertical-align:top;padding:0 0.3em'>"
                "<table style='table-layout:fixed;width:100%;border-collapse:collapse;margin:0'>"
                + head
                + "\n".join(part)
                + "</table></td>"
            )
        pieces.append(
            page[:start] + "<tr style='background:none'>\n" + "\n".join(cells) + "\n</tr></table>"
        )
        done += count
    return pieces


def _split_lines(text, room, full, line_px, markdown=False):
    lines = text.splitlines()
    fence = lines[0] if markdown and lines and lines[0].startswith("```") else None
    table = (
        lines[:2]
        if markdown and len(lines) > 1 and lines[0].startswith("|") and lines[1].startswith("|-")
        else None
    )
    body = lines[1:-1] if fence and lines[-1].startswith("```") else lines[2:] if table else lines
    width = PROSE_CHARS if markdown and not fence else CODE_CHARS
    pieces = _chunks(
        body,
        [max(1, -(-len(line) // width)) * (CODE_LINE if fence else line_px) for line in body],
        room - 40,
        full - 40,
    )
    if fence:
        return ["\n".join([fence, *piece, "```"]) for piece in pieces]
    if table:
        return ["\n".join(table + piece) for piece in pieces]
    return ["\n".join(piece) + "\n" for piece in pieces]


def split_markdown(cell):
    """A markdown cell taller than a slide as several, cut between paragraphs (each later one below the first)."""
    if markdown_height(cell.source) <= SCREEN:
        return [cell]
    paragraphs = re.split(r"\n\s*\n", cell.source)
    pieces = _chunks(
        paragraphs, [markdown_height(p) + PROSE_LINE for p in paragraphs], SCREEN, SCREEN
    )
    cells = []
    for k, piece in enumerate(pieces):
        part = copy.deepcopy(cell)
        part.source = "\n\n".join(piece)
        if k:
            part.id = f"{cell.get('id', 'cell')}-{k}"
            part.metadata["tags"] = part.metadata.get("tags", []) + [CONTINUED]
        cells.append(part)
    return cells


def with_slide_breaks(notebook):
    """A copy of the notebook with reveal.js slide types set: one idea per slide (each markdown cell opens one),
    the cells after it on it while they fit, the rest on slides below it; an output too tall for a slide is cut
    into pieces, each on a slide of its own below the code that made it."""
    notebook = copy.deepcopy(notebook)
    cells = []
    for cell in notebook.cells:
        cell.setdefault("metadata", {})
        if cell.cell_type == "markdown":
            cells += split_markdown(cell)
            continue
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cell.source = IGNORE.sub("", cell.source)
        lines = cell.source.split("\n")
        parts = _chunks(
            lines,
            [wrapped(line, CODE_CHARS) * CODE_LINE or CODE_LINE for line in lines],
            SCREEN - 16,
            SCREEN - 16,
        )
        # code longer than a slide: its first lines on slides of their own
        for k, part in enumerate(parts[:-1]):
            first = copy.deepcopy(cell)
            first.id, first.source, first.outputs = (
                f"{cell.get('id', 'cell')}-code{k}",
                "\n".join(part),
                [],
            )
            cells.append(first)
        cell.source = "\n".join(parts[-1])
        outputs, cell.outputs = cell.get("outputs", []), []
        pieces, room = [[]], SCREEN - height(cell)
        for out in outputs:
            parts = split_output(out, room, SCREEN)
            # whole, on the next slide
            if len(parts) == 1 and output_height(out) > room and room < SCREEN:
                pieces.append([])
                room = SCREEN
            for k, piece in enumerate(parts):
                if k:
                    pieces.append([])
                pieces[-1].append(piece)
                room = (SCREEN if k else room) - output_height(piece)
        cell.outputs = pieces[0]
        cells.append(cell)
        for k, piece in enumerate(pieces[1:], 1):
            more = copy.deepcopy(cell)
            more.id = f"{cell.get('id', 'cell')}-{k}"
            more.outputs = piece
            more.metadata["tags"] = more.metadata.get("tags", []) + [CONTINUED]
            cells.append(more)
    used = 0
    for index, cell in enumerate(cells):
        need = height(cell)
        if (
            index == 0
            or cell.cell_type == "markdown"
            and CONTINUED not in cell.metadata.get("tags", [])
        ):
            kind, used = "slide", need
        elif used + need <= SCREEN and CONTINUED not in cell.metadata.get("tags", []):
            kind, used = "-", used + need
        else:
            kind, used = "subslide", need
        cell.metadata["slideshow"] = {"slide_type": kind}
    notebook.cells = cells
    return notebook


def exporter():
    slides = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)], template_name="offline_reveal"
    )
    slides.reveal_url_prefix = "reveal.js"
    slides.reveal_theme = "white"
    slides.exclude_input_prompt = True
    slides.exclude_output_prompt = True
    slides.register_preprocessor(TagRemovePreprocessor(remove_input_tags={CONTINUED}), enabled=True)
    return slides


def build(out, paths=None):
    """Writes OUT/NN_lesson.html for each lesson, OUT/reveal.js/ and OUT/index.html. Returns the slide files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(VENDOR, out / "reveal.js", dirs_exist_ok=True)
    slides = exporter()
    written = []
    for path in paths or lessons():
        notebook = with_slide_breaks(nbformat.read(path, as_version=4))
        body, _ = slides.from_notebook_node(
            notebook, resources={"metadata": {"name": title(notebook)}}
        )
        target = out / f"{path.stem}.html"
        target.write_text(body)
        written.append(target)
    (out / "index.html").write_text(index(written))
    return written


def title(notebook):
    return notebook.cells[0].source.splitlines()[0].lstrip("# ").strip()


def index(files):
    names = [
        title(nbformat.read(ROOT / "notebooks" / f"{path.stem}.ipynb", as_version=4))
        for path in files
    ]
    items = "\n".join(
        f'<li><a href="{path.name}">{name}</a></li>' for path, name in zip(files, names)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Slides</title></head>'
        f'<body style="font-family:sans-serif;max-width:50em;margin:2em auto"><h1>Slides</h1>'
        f"<p>Arrows move between slides (down: the rest of a slide's cells), Esc shows the overview, F goes full "
        f"screen. They read offline: reveal.js is in reveal.js/ beside them.</p>\n<ul>\n{items}\n</ul>"
        f"</body></html>\n"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "slides", help="folder (build/slides)"
    )
    parser.add_argument("notebooks", nargs="*", type=Path, help="lessons (default: all)")
    arguments = parser.parse_args(argv)
    written = build(arguments.out, [path.resolve() for path in arguments.notebooks] or None)
    print(f"wrote {len(written)} slide decks to {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
