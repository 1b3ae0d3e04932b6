"""A side-by-side diff of a vanilla file and its Lightning twin, unchanged lines aligned.

`python -m course.sidebyside [vanilla/FILE lightning_version/FILE]`; in a notebook, `show(...)` renders HTML.
"""
import difflib
import html
import inspect
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKS = {"equal": " ", "replace": "|", "delete": "<", "insert": ">"}


def source(item):
    """(name, lines) of a module or of a path relative to the repository root."""
    if inspect.ismodule(item):
        path = Path(inspect.getsourcefile(item)).resolve()
    else:
        path = ROOT / item
    return path.relative_to(ROOT).as_posix(), path.read_text().splitlines()


def align(left, right):
    """Rows (mark, left line or None, right line or None); unchanged lines share a row."""
    rows = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [(" ", one, one) for one in left[i1:i2]]
        else:
            rows += _pair_similar(left[i1:i2], right[j1:j2])
    return rows


def _pair_similar(left, right, cutoff=0.6):
    """Within a changed block, puts the most similar pair of lines on one row, then recurses on each side."""
    best, where = cutoff, None
    for i, one in enumerate(left):
        for j, two in enumerate(right):
            ratio = difflib.SequenceMatcher(a=one.strip(), b=two.strip(), autojunk=False).ratio()
            if ratio > best:
                best, where = ratio, (i, j)
    if where is None:
        return [("<", one, None) for one in left] + [(">", None, two) for two in right]
    i, j = where
    return (_pair_similar(left[:i], right[:j], cutoff) + [("|", left[i], right[j])]
            + _pair_similar(left[i + 1:], right[j + 1:], cutoff))


def side_by_side(left, right, width=None):
    """Plain text for a terminal, in the style of `sdiff`."""
    (name_a, a), (name_b, b) = source(left), source(right)
    width = width or max(40, (shutil.get_terminal_size().columns - 3) // 2)
    cell = lambda text: (text or "")[:width].ljust(width)  # noqa: E731
    lines = [f"{cell(name_a)}   {name_b}", f"{'-' * width}   {'-' * width}"]
    lines += [f"{cell(one)} {mark} {two or ''}".rstrip() for mark, one, two in align(a, b)]
    return "\n".join(lines)


def side_by_side_html(left, right):
    """An HTML table for a notebook: removed lines red, added green, changed yellow."""
    (name_a, a), (name_b, b) = source(left), source(right)
    colour = {" ": "", "|": "#fff3bf", "<": "#ffd8d8", ">": "#d3f9d8"}
    cell = '<td style="background:{};text-align:left;white-space:pre;font-family:monospace">{}</td>'
    rows = [f"<tr><th style='text-align:left'>{name_a}</th><th style='text-align:left'>{name_b}</th></tr>"]
    for mark, one, two in align(a, b):
        left_colour = colour["|" if mark == "|" else "<"] if mark != " " and one is not None else ""
        right_colour = colour["|" if mark == "|" else ">"] if mark != " " and two is not None else ""
        rows.append("<tr>" + cell.format(left_colour, html.escape(one or ""))
                    + cell.format(right_colour, html.escape(two or "")) + "</tr>")
    return "<table style='border-collapse:collapse;font-size:12px'>\n" + "\n".join(rows) + "\n</table>"


def show(left, right):
    """Renders the side-by-side HTML in a notebook."""
    from IPython.display import HTML, display

    display(HTML(side_by_side_html(left, right)))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2:
        pairs = [argv]
    elif not argv:
        twins = sorted(p.name for p in (ROOT / "lightning_version").glob("*.py"))
        pairs = [(f"vanilla/{name}", f"lightning_version/{name}") for name in twins]
    else:
        sys.exit("usage: python -m course.sidebyside [vanilla/FILE lightning_version/FILE]")
    for left, right in pairs:
        for path in (left, right):
            if not (ROOT / path).is_file():
                sys.exit(f"python -m course.sidebyside: error: no file {path} (paths are relative to {ROOT.name}/)")
        print(side_by_side(left, right), end="\n\n")


if __name__ == "__main__":
    main()


def feature_rows(side, feature, context=1):
    """What one feature adds on one side: (mark, line) rows of the diff against the file it builds on.

    mark is "-" (removed), "+" (added), " " (context) or "..." (unchanged lines skipped).
    """
    from course.cost import BASE, stage_path

    (_, before), (_, after) = source(stage_path(side, BASE[feature])), source(stage_path(side, feature))
    before, after = _without_docstring(before), _without_docstring(after)  # each says what its file is
    rows = []
    for group in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_grouped_opcodes(context):
        rows.append(("...", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [(" ", line) for line in before[i1:i2]]
            else:
                rows += [("-", line) for line in before[i1:i2]] + [("+", line) for line in after[j1:j2]]
    return rows


def feature_html(feature):
    """Two small diffs side by side: what the feature adds to vanilla/ and to lightning_version/."""
    from course.cost import BASE, SIDES, stage_path

    colour = {"-": "#ffd8d8", "+": "#d3f9d8", " ": "", "...": "#f1f3f5"}
    columns = []
    for side in SIDES:
        title = f"{stage_path(side, BASE[feature])} → {stage_path(side, feature)}"
        lines = [f"<div style='font-weight:bold;margin-bottom:4px'>{html.escape(title)}</div>"]
        for mark, line in feature_rows(side, feature):
            text = "⋯" if mark == "..." else f"{mark} {line}"
            lines.append(f"<div style='background:{colour[mark]};white-space:pre-wrap;word-break:break-word;"
                         f"padding-left:2ch;text-indent:-2ch'>{html.escape(text)}</div>")
        columns.append("<div style='flex:1;min-width:0;font-family:monospace;font-size:12px'>"
                       + "\n".join(lines) + "</div>")
    return "<div style='display:flex;gap:12px;max-width:100%'>\n" + "\n".join(columns) + "\n</div>"


def show_feature(feature):
    """Renders feature_html in a notebook."""
    from IPython.display import HTML, display

    display(HTML(feature_html(feature)))


def _without_docstring(lines):
    """The lines after a one-line module docstring."""
    return lines[1:] if lines and lines[0].startswith('"""') and lines[0].rstrip().endswith('"""') else lines
