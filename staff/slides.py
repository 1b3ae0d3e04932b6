"""Each lesson as offline slides for a 1280x720 projector: `.venv/bin/python -m staff.slides [--out build/slides]`.

nbconvert's slides exporter with the reveal.js template, made offline (staff/templates/offline_reveal: no CDN), and
reveal.js itself copied beside the slides from staff/vendor/reveal.js (reveal.js 5.2.1 from the npm registry, MIT:
dist/reveal.js, dist/reveal.css and dist/theme/white.css with its web-font import removed, so the system's fonts
are used; the package's sha256 is REVEAL_SHA256). Where each slide begins is the lesson's own cell metadata, as
Jupyter writes it (View > Cell Toolbar > Slideshow, or the property inspector): `slideshow.slide_type` is "slide"
(a new idea), "subslide" (the same idea, below), "-" (on the slide above), "fragment", "notes" (the speaker's
notes: press S) or "skip" (imports, plumbing, and every "Under the hood" section: slides show the core path). A
cell without one is an error that names it. A code cell that only shows something (`show(...)`, `show_source(...)`,
`Markdown(...)`, after its imports) shows only that, as does one whose metadata says `slides.hide_input: true` (a
check whose printed verdict is what the room needs). A code cell whose metadata holds `slides.refactor: [LEFT, RIGHT]`
shows, instead of its output, the loop of LEFT beside what replaces it in RIGHT, in two columns that fit one slide
(`refactor_columns`). The stored outputs are shown, so nothing needs a kernel. Open OUT/index.html, or
OUT/NN_lesson.html, in a browser: arrows move, Esc shows the overview, F goes full screen, S the notes.
staff/instructor_browser_check.py measures every slide in Chromium: fonts, overflow, empty space.
"""

import argparse
import ast
import copy
import html
import re
import shutil
import sys
import textwrap
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from course.sidebyside import FOLDED, code_of

ROOT = Path(__file__).resolve().parent.parent
VENDOR = Path(__file__).resolve().parent / "vendor" / "reveal.js"
TEMPLATES = Path(__file__).resolve().parent / "templates"
REVEAL_SHA256 = (
    "359b575dd51bbda32f89b2fd4c7dc46ad7389a805572158916c29252f7a27333"  # reveal.js-5.2.1.tgz
)
KINDS = ("slide", "subslide", "-", "fragment", "notes", "skip")
# An output or a code listing taller than a slide is cut into pieces, each on a slide of its own below (a count of
# lines at the slides' fixed font, not an estimate of heights: the browser check measures what comes out)
# lines of 22 px code a 720 px slide holds: 19 x 27.5 px, with room for a table's header row
LINES = 19
WIDTH = 86  # characters a line of 22 px monospace holds across a 1280 px slide
ROW = re.compile(r"<tr[\s>](?:<details>.*?</details>|.)*?</tr>", re.S)
TAG = re.compile(r"<[^>]+>")
HIDE_INPUT = "slides-hide-input"  # the tag of a cell whose code a slide does not show (set on a refactor cell)
# a line that only shows something (a view, a listing, a table): on a slide, what it shows is enough
DISPLAY = re.compile(
    r"^(show|show_source|show_feature|display|Markdown)\(.*\)$|^(import |from )|^#|^$"
)
IGNORE = re.compile(r"^\s*# NBVAL_\w+\s*\n?", re.MULTILINE)
# a column of a feature view (course.sidebyside.feature_html): one side's diff, as a table of its own
COLUMN = re.compile(r"<td style='width:50%[^>]*>(<table[^>]*>.*?</table>)</td>", re.S)
STEP = re.compile(r"#\s*(steps? \d(?:-\d)?)")


class SlideError(Exception):
    """A lesson the slides cannot be built from: the message names the cell and what to set."""


def lessons():
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))


def slide_kind(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def for_slides(notebook, name="lesson"):
    """A copy of the lesson for nbconvert's slides exporter: its slide types as its cells' metadata set them, the
    nbval comments taken out, and a refactor cell's output replaced by `refactor_columns`."""
    notebook, cells = copy.deepcopy(notebook), []
    for index, cell in enumerate(notebook.cells):
        if slide_kind(cell) not in KINDS:
            raise SlideError(
                f"{name}: cell {index} (id {cell.get('id')}, {cell.source[:40]!r}) has no slide type: set its "
                f"metadata.slideshow.slide_type to one of {', '.join(KINDS)}"
            )
        cells.append(cell)
        if cell.cell_type == "markdown" and slide_kind(cell) != "skip":
            cells += _cut_markdown(cell)
        if cell.cell_type != "code" or slide_kind(cell) == "skip":
            continue
        cell.source = IGNORE.sub("", cell.source)
        lines = [line.strip() for line in cell.source.splitlines()]
        # a check whose verdict is what the room needs (metadata slides.hide_input), or lines that only show
        if cell.metadata.get("slides", {}).get("hide_input") or all(map(DISPLAY.match, lines)):
            _hide_input(cell)
        for out in cell.outputs:
            if out.get("output_type") == "stream":
                out["text"] = _terminal(_text(out["text"]))
        pair = cell.metadata.get("slides", {}).get("refactor")
        if pair:
            cell.outputs = [_html(refactor_columns(*pair))]
            _hide_input(cell)
        right = _split_columns(cell)
        # a right side of a few lines (Lightning's one-line change) goes below the left's last slide when the left
        # takes more than one slide and no cell follows on the right's
        small = sum(map(_height, right[0].outputs)) if right else LINES
        following = next(
            (slide_kind(c) for c in notebook.cells[index + 1 :] if slide_kind(c) != "skip"), ""
        )
        alone = small <= LINES // 3 and following not in ("-", "fragment")
        added, joined = _cut(cell, small if alone else 0)
        cells += added
        for more in right:
            if joined:
                more.metadata["slideshow"] = {"slide_type": "-"}
            cells += [more, *_cut(more)[0]]
    notebook.cells = cells
    return notebook


def _below(cell, suffix):
    """A copy of the cell on a slide of its own below it: what a cut or a split puts there."""
    more = copy.deepcopy(cell)
    more.id = f"{cell.get('id')}__{suffix}"
    more.metadata["slideshow"] = {"slide_type": "subslide"}
    return more


def _split_columns(cell):
    """A feature view's two sides (course.sidebyside.feature_html) each on a slide: the cell keeps the left side
    and the outputs before it; returns the cell that holds the right side and the outputs after it, if any."""
    columns = [
        COLUMN.findall(_text(out.get("data", {}).get("text/html", ""))) for out in cell.outputs
    ]
    at = next((k for k, found in enumerate(columns) if len(found) == 2), None)
    if at is None:
        return []
    left, right = (page.replace("<table", "<table class='sidebyside'", 1) for page in columns[at])
    more = _below(cell, "right")
    more.outputs = [_html(right), *cell.outputs[at + 1 :]]
    _hide_input(more)
    cell.outputs = [*cell.outputs[:at], _html(left)]
    return [more]


def _lines(text, width=WIDTH):
    return sum(max(1, -(-len(line) // width)) for line in text.splitlines())


def _chunks(items, sizes, room=LINES):
    """The items in order, in as few runs as fit room each (an item larger than room alone), the largest run as
    small as it can be: no short last run left alone on a slide."""
    sizes = list(sizes)
    count = len(_pack(items, sizes, room))
    # the smallest capacity that still packs into as few runs: a binary search
    low, high = max([-(-sum(sizes) // max(1, count)), *sizes], default=0), max([room, *sizes])
    while low < high:
        middle = (low + high) // 2
        low, high = (
            (low, middle) if len(_pack(items, sizes, middle)) <= count else (middle + 1, high)
        )
    return _pack(items, sizes, high)


def _pack(items, sizes, room):
    """The items in order, each run filled up to room (an item larger than room alone)."""
    pieces, used = [[]], 0
    for item, size in zip(items, sizes):
        if pieces[-1] and used + size > room:
            pieces.append([])
            used = 0
        pieces[-1].append(item)
        used += size
    return pieces


def _cut_output(out, room=LINES):
    """The output as pieces that each fit a slide: a code listing and printed text between lines, a table between
    rows (its header row on every piece); anything else whole."""
    data = out.get("data", {})
    if out.get("output_type") == "stream":
        lines = _text(out.get("text", "")).splitlines(True)
        return [
            {**out, "text": "".join(piece)}
            for piece in _chunks(lines, [_lines(line) for line in lines], room)
        ]
    if "text/html" in data and "class='sidebyside'" in _text(data["text/html"]):
        page = _text(data["text/html"])
        rows = ROW.findall(page)
        start, end = page.find(rows[0]), page.rfind(rows[-1]) + len(rows[-1])
        head, body = (rows[0], rows[1:]) if "<th" in rows[0] else ("", rows)
        size = [_row_lines(row) for row in rows]
        return [
            _with(out, "text/html", page[:start] + head + "\n".join(piece) + page[end:])
            for piece in _chunks(body, size[1:] if head else size, room - (size[0] if head else 0))
        ]
    if "text/markdown" in data:
        text = _text(data["text/markdown"])
        fence = re.fullmatch(r"```(\w*)\n(.*?)```\s*", text, re.S)
        if fence:
            lines = fence.group(2).splitlines()
            return [
                _with(out, "text/markdown", f"```{fence.group(1)}\n" + "\n".join(piece) + "\n```")
                for piece in _chunks(lines, [_lines(line) for line in lines], room)
            ]
        lines = text.splitlines()
        if len(lines) > 2 and lines[0].startswith("|") and set(lines[1]) <= set("|-: "):
            body = lines[2:]
            return [
                _with(out, "text/markdown", "\n".join(lines[:2] + piece))
                for piece in _chunks(body, [_table_row(line) for line in body], room - 1)
            ]
    return [out]


# lines of 26 px prose a slide holds below a heading (a paragraph's gap counted as a line); characters a line holds
PROSE_LINES, PROSE_WIDTH = 14, 80


def _cut_markdown(cell):
    """Cuts a markdown cell taller than a slide between its paragraphs (never inside a fenced block); returns the
    cells it adds after `cell`, each on a slide below it."""
    paragraphs = re.split(
        r"\n\s*\n(?=(?:[^`]|`[^`]|``[^`])*(?:```[^`]*```(?:[^`]|`[^`]|``[^`])*)*$)", cell.source
    )
    # a heading, a line that announces what follows (ending in ":"), or a one-liner stays with what follows it
    k = 0
    while k < len(paragraphs) - 1:
        first = paragraphs[k].strip()
        heading = first.startswith("#") and "\n" not in first
        if heading or first.endswith(":") or _lines(first, PROSE_WIDTH) == 1:
            paragraphs[k : k + 2] = [paragraphs[k] + "\n\n" + paragraphs[k + 1]]
        else:
            k += 1
    # a last one-liner ("Next: ...") stays with what precedes it
    if len(paragraphs) > 1 and _lines(paragraphs[-1], PROSE_WIDTH) == 1:
        paragraphs[-2:] = [paragraphs[-2] + "\n\n" + paragraphs[-1]]
    sizes = [_lines(paragraph, PROSE_WIDTH) + 1 for paragraph in paragraphs]
    if sum(sizes) <= PROSE_LINES:
        return []
    pieces = _chunks(paragraphs, sizes, PROSE_LINES)
    cell.source = "\n\n".join(pieces[0])
    added = []
    for k, piece in enumerate(pieces[1:], 1):
        added.append(_below(cell, k))
        added[-1].source = "\n\n".join(piece)
    return added


def _table_row(line):
    """Lines a Markdown table's row takes: its longest cell in its share of the slide's width (a proportional font
    holds about a third more characters than a monospace one)."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    width = max(8, int(WIDTH * 1.3) // len(cells))
    return max(-(-len(cell) // width) for cell in cells)


def _row_lines(row):
    """Lines a view's row takes: its text in half a slide's width in a two-column view, else in the whole (a
    folded row shows its summary only)."""
    width = WIDTH // 2 if FOLDED.sub("", row).count("<td") > 1 else WIDTH
    return _lines(html.unescape(TAG.sub("", row)), width)


def _terminal(text):
    """Printed text as a terminal shows it: a line rewritten after a carriage return (a progress bar) shows its last
    state only."""
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))


def _with(out, mime, text):
    return {**out, "data": {**out["data"], mime: text}}


def _cut(cell, reserve=0):
    """Cuts a code cell taller than a slide: its code, then each output, into pieces on slides below it; returns
    the cells it adds after `cell` (changed in place to hold the first piece), and whether `reserve` lines, asked
    for below the last piece, fit on the last of two or more slides."""
    code = cell.source.splitlines()
    hidden = HIDE_INPUT in cell.metadata.get("tags", [])
    parts = [] if hidden else _chunks(code, [_lines(line) for line in code])
    code = [("code", "\n".join(part)) for part in parts]
    # the outputs cut into pieces of at most `room` lines, and the pieces shared out in order among as few slides
    # as hold them, for the room that ranks first (a last slide of a few lines gets its share of the ones before);
    # the first slide is the cell's own
    best = None
    for room in range(LINES, LINES // 2, -1):
        pieces = code + [
            ("output", piece) for out in cell.outputs for piece in _cut_output(out, room)
        ]
        sizes = [_lines(piece) if kind == "code" else _height(piece) for kind, piece in pieces]
        if reserve:
            pieces, sizes = [*pieces, ("reserve", None)], [*sizes, reserve]
        groups = _chunks(list(zip(pieces, sizes)), sizes)
        # fewest slides; then fewest seams (two pieces of one output on one slide); then the fullest emptiest slide
        seams = sum(max(0, sum(kind == "output" for (kind, _), _ in group) - 1) for group in groups)
        rank = (len(groups), seams, -min(sum(size for _, size in group) for group in groups))
        if best is None or rank < best[0]:
            best = rank, [[piece for piece, _ in group] for group in groups]
    groups = best[1]
    joined = bool(reserve) and len(groups) > 1 and len(groups[-1]) > 1
    if reserve:
        groups = [group for group in (*groups[:-1], groups[-1][:-1]) if group] or [[]]
    cells = [cell, *(_below(cell, k) for k in range(1, len(groups)))]
    for part, group in zip(cells, groups):
        part.source = "\n".join(piece for kind, piece in group if kind == "code")
        part.outputs = [nbformat.from_dict(piece) for kind, piece in group if kind == "output"]
        if not part.source:
            _hide_input(part)
    return cells[1:], joined


def _height(out):
    """Lines an output takes at the slides' font."""
    data = out.get("data", {})
    if out.get("output_type") == "stream":
        return _lines(_text(out.get("text", "")))
    if "image/png" in data or "image/svg+xml" in data:
        return 16
    if "text/html" in data:
        rows = ROW.findall(_text(data["text/html"]))
        return sum(map(_row_lines, rows)) or 2
    return _lines(_text(data.get("text/markdown", data.get("text/plain", ""))))


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def _html(page):
    return nbformat.v4.new_output("display_data", data={"text/html": page}, metadata={})


def _hide_input(cell):
    if HIDE_INPUT not in cell.metadata.get("tags", []):
        cell.metadata["tags"] = [*cell.metadata.get("tags", []), HIDE_INPUT]


def loop_part(path):
    """The lines of a file's train() after its first blank line (the set-up above it is the same in every version:
    seed, data, loader, model), and a LightningModule's training_step and configure_optimizers; comments dropped
    but a math step's number."""
    text = (ROOT / path).read_text()
    lines, tree = text.splitlines(), ast.parse(text)
    train = next(node for node in tree.body if getattr(node, "name", None) == "train")
    body = lines[train.body[0].lineno - 1 : train.end_lineno]
    part = textwrap.dedent("\n".join(body[body.index("") + 1 :])).splitlines()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", None) == "LightningModule" for base in node.bases
        ):
            for method in node.body:
                if getattr(method, "name", None) in ("training_step", "configure_optimizers"):
                    part += [""] + textwrap.dedent(
                        "\n".join(lines[method.lineno - 1 : method.end_lineno])
                    ).splitlines()
    return [_short(line) for line in part]


def _short(line):
    """The line without its comment, or with `# step N` only."""
    step = STEP.search(line)
    code = line[: len(line) - len(line.lstrip())] + code_of(line)
    return f"{code}  # {step.group(1)}" if step else code


def refactor_columns(left, right):
    """The loop of LEFT beside what replaces it in RIGHT: two columns of code, the math steps marked."""

    def column(path):
        rows = []
        for line in loop_part(path):
            shown = html.escape(line)
            rows.append(f"<span class='step'>{shown}</span>" if STEP.search(line) else shown)
        return "<pre>" + "\n".join(rows) + "</pre>"

    return (
        "<table class='refactor'><tr>"
        f"<th>{html.escape(left)}</th><th>{html.escape(right)}</th></tr>"
        f"<tr><td>{column(left)}</td><td>{column(right)}</td></tr></table>"
    )


def exporter():
    slides = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)], template_name="offline_reveal"
    )
    slides.reveal_url_prefix = "reveal.js"
    slides.reveal_theme = "white"
    slides.exclude_input_prompt = True
    slides.exclude_output_prompt = True
    slides.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={HIDE_INPUT}), enabled=True
    )
    return slides


def build(out, paths=None):
    """Writes OUT/NN_lesson.html for each lesson, OUT/reveal.js/ and OUT/index.html. Returns the slide files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(VENDOR, out / "reveal.js", dirs_exist_ok=True)
    slides = exporter()
    written = []
    for path in paths or lessons():
        notebook = for_slides(nbformat.read(path, as_version=4), path.name)
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
        f"<p>Arrows move between slides (down: the rest of an idea), Esc shows the overview, F goes full "
        f"screen, S the speaker's notes. They read offline: reveal.js is in reveal.js/ beside them.</p>\n"
        f"<ul>\n{items}\n</ul>"
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
