"""A side-by-side diff of a vanilla file and its Lightning twin, unchanged lines aligned, long lines wrapped.

`python -m course.sidebyside [vanilla/FILE lightning_version/FILE] [--feature NAME]` prints it for a terminal (its
width, or $COLUMNS, or 80 when piped); in a notebook, `show(...)` and `show_feature(...)` render HTML that wraps to
the width of the page.
"""

import argparse
import ast
import difflib
import functools
import html
import inspect
import io
import keyword
import re
import shutil
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKS = {"equal": " ", "replace": "|", "delete": "<", "insert": ">", "moved": "~"}
COMMON = {"config", "self"}  # names too common to say two lines do the same thing
HANG = 4  # a wrapped line goes on this many characters right of its own indent
STEPS = (  # the five math steps, recognised by their code (never by a comment), and what replaces 3-5
    (1, re.compile(r"y_hat = [\w.]*\(x\)$")),  # forward
    (2, re.compile(r"loss = [\w.]*mse_loss\(")),  # loss
    # zero grad; training_step's return: 3-5 follow
    (3, re.compile(r"[\w.]*\.zero_grad\(\)$|return loss$")),
    (4, re.compile(r".*\.backward\(")),  # backward
    (5, re.compile(r"(optimizer\.step\(\)|[\w.]*\.step\(optimizer\))$")),  # step, not a scheduler's
)
COLOUR = {
    " ": "",
    "|": "#fff3bf",
    "<": "#ffd8d8",
    ">": "#d3f9d8",
    "~": "#e7f5ff",
    "-": "#ffd8d8",
    "+": "#d3f9d8",
    "...": "#f1f3f5",
}
LEGEND = "yellow: changed, red: removed, green: added, blue: moved (the same line sits elsewhere in the other file)"
TABLE = "<table style='table-layout:fixed;width:100%;border-collapse:collapse;margin:0'>"  # columns share the width
# where HTML may break a line besides its spaces
BREAK_AFTER = re.compile(r"([(\[{,])(?=[^\s)\]}])")
CH = 0.6  # a monospace character's width in em; JupyterLab's sanitizer drops the `ch` unit
# overflow-wrap:break-word, not anywhere: the sanitizer drops "anywhere"
CODE = (
    "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:12px;line-height:1.35;"
    "white-space:pre-wrap;overflow-wrap:break-word;text-align:left;vertical-align:top"
)


def source(item):
    """(name, lines) of a module or of a path relative to the repository root."""
    if inspect.ismodule(item):
        path = Path(inspect.getsourcefile(item)).resolve()
    else:
        path = ROOT / item
    return path.relative_to(ROOT).as_posix(), path.read_text().splitlines()


def align(left, right):
    """Rows (mark, left line or None, right line or None); unchanged lines share a row.

    Lines that do the same math step (`y_hat = model(x)`, `loss = F.mse_loss(...)`, `optimizer.zero_grad()`, ...;
    on the Lightning side `return loss` stands for steps 3-5) are put on one row first, so the loop's steps sit
    beside the `training_step` lines that replace them; between those, a diff pairs the rest, judging lines by
    their code alone. A line on one side only is "~" (moved), not "<" or ">", where the same line (indent aside)
    is on the other side only too.
    """
    rows, i0, j0 = [], 0, 0
    codes = _codes(left), _codes(right)
    for i, j in _anchors(left, right) + [(len(left), len(right))]:
        rows += _diff(left[i0:i], right[j0:j], codes[0][i0:i], codes[1][j0:j])
        if i < len(left):
            rows.append((" " if left[i] == right[j] else "|", left[i], right[j]))
        i0, j0 = i + 1, j + 1
    alone = [
        {line.strip() for mark, *pair in rows if mark == side for line in pair if line is not None}
        for side in "<>"
    ]
    moved = {line for line in alone[0] & alone[1] if any(char.isalnum() for char in line)}
    return [
        ("~" if mark in "<>" and (one if mark == "<" else two).strip() in moved else mark, one, two)
        for mark, one, two in rows
    ]


def _anchors(left, right):
    """The most pairs (i, j) of lines that do the same math step, in order on both sides."""
    steps = [
        (i, j)
        for i, one in enumerate(left)
        for j, two in enumerate(right)
        if (number := _step(one)) is not None and number == _step(two)
    ]
    chains = []  # chains[k]: the longest chain that ends with steps[k]
    for k, (i, j) in enumerate(steps):
        before = [chains[p] for p, (a, b) in enumerate(steps[:k]) if a < i and b < j]
        chains.append(max(before, key=len, default=[]) + [(i, j)])
    return max(chains, key=len, default=[])


def _step(line):
    """The math step (1-5) that the line's code does, else None."""
    code = code_of(line)
    return next((number for number, pattern in STEPS if pattern.match(code)), None)


def _diff(left, right, left_code, right_code):
    rows = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [(" ", one, one) for one in left[i1:i2]]
        else:
            pairs = _pair_similar(left_code[i1:i2], right_code[j1:j2])
            rows += [
                (mark, None if i is None else left[i1 + i], None if j is None else right[j1 + j])
                for mark, i, j in pairs
            ]
    return rows


def _codes(lines):
    """Each line's code (`code_of`); "" for a line of a docstring, which is prose, as a comment is."""
    prose = set()
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:  # not a whole Python file: no docstrings to find
        tree = None
    for node in ast.walk(tree) if tree else ():
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            prose.update(range(body[0].lineno - 1, body[0].end_lineno))
    return ["" if k in prose else code_of(line) for k, line in enumerate(lines)]


@functools.cache  # align compares every line with every other: each line is read once
def _tokens(code):
    """The names, numbers and strings of a line's code, in order, but `config` and `self`, which most lines hold;
    keywords, brackets and dots say little about what a line does. A line cut from a longer statement gives those
    it has."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if (
                token.type in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING)
                and token.string not in COMMON
                and not keyword.iskeyword(token.string)
            ):
                found.append(token.string)
    except (tokenize.TokenError, IndentationError):
        pass
    return tuple(found)


@functools.cache
def code_of(line):
    """A line without its indent and its comment: what steps and similarity are judged on ("" for a comment)."""
    line = line.strip()
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                return line[: token.start[1]].rstrip()
    # a line cut from a longer statement: a string runs on
    except (tokenize.TokenError, IndentationError):
        pass
    return line


def _similarity(one, two):
    """How alike two lines of code are, from 0 to 1: 1 where both read the same config fields (a hand-written
    block's line and the Trainer argument that replaces it, `bar = tqdm(..., disable=not config.progress_bar)`
    and `enable_progress_bar=config.progress_bar`), else how many of their names they share, in order."""
    fields = [set(re.findall(r"\bconfig\.(\w+)", line)) for line in (one, two)]
    if fields[0] and fields[0] == fields[1]:
        return 1.0
    if not _tokens(one) or not _tokens(two):  # a bracket, `try:`, `else:`: nothing to judge by
        return 0.0
    return difflib.SequenceMatcher(a=_tokens(one), b=_tokens(two), autojunk=False).ratio()


def _pair_similar(left, right, cutoff=0.45, offset=(0, 0)):
    """Within a changed block of code lines, puts the most similar pair on one row, then recurses on each side.

    Rows are (mark, left index or None, right index or None). Similarity is judged on the tokens of the code
    alone: a blank line, a comment or a docstring has none, and pairs with nothing here; nor does a math step
    left without its twin (backward and step, which the Trainer runs).
    """
    best, where = cutoff, None
    for i, one in enumerate(left):
        for j, two in enumerate(right):
            # a math step pairs only with its twin, above
            if not one or not two or _step(one) or _step(two):
                continue
            ratio = _similarity(one, two)
            if ratio > best:
                best, where = ratio, (i, j)
    a, b = offset
    if where is None:
        return [("<", a + i, None) for i in range(len(left))] + [
            (">", None, b + j) for j in range(len(right))
        ]
    i, j = where
    return (
        _pair_similar(left[:i], right[:j], cutoff, (a, b))
        + [("|", a + i, b + j)]
        + _pair_similar(left[i + 1 :], right[j + 1 :], cutoff, (a + i + 1, b + j + 1))
    )


def wrap(line, width, hang=HANG):
    """Pieces of `line` that fit `width` columns: the first as it is, the others indented by `indent(line)`.

    Breaks after a space, a comma, an opening bracket or a slash where it can, else after a keyword's `=`, else
    after a dot, else anywhere; nothing is dropped: "".join(pieces) == line.
    """
    pieces, rest, room = [], line, width
    while len(rest) > room:
        text_starts = len(rest) - len(rest.lstrip(" ")) if not pieces else 0
        after = range(text_starts + 1, room + 1)
        breaks = [k for k in after if rest[k - 1] in " ,([{/" and rest[k] not in " )]}"]
        keywords = [
            k for k in after if rest[k - 1] == "=" and rest[k - 2].isalnum() and rest[k] != "="
        ]
        dots = [k for k in after if rest[k - 1] == "." and rest[k].isalpha()]
        cut = (breaks or keywords or dots or [room])[-1]
        pieces.append(rest[:cut])
        rest, room = rest[cut:], width - indent(line, width, hang)
    return pieces + [rest]


def indent(line, width, hang=HANG):
    """Where the wrapped pieces of `line` start: under its own indent plus `hang`, at most half the width."""
    return min(len(line) - len(line.lstrip(" ")) + hang, width // 2)


def _column(line, width):
    """`line` wrapped into physical lines of exactly `width` characters."""
    pieces = wrap(line, width)
    return [pieces[0].ljust(width)] + [
        (" " * indent(line, width) + piece).ljust(width) for piece in pieces[1:]
    ]


def terminal_width():
    """The terminal's columns; when piped, $COLUMNS or 80."""
    return shutil.get_terminal_size((80, 24)).columns


def side_by_side(left, right, width=None):
    """Plain text for a terminal `width` columns wide, in the style of `sdiff`; long lines wrap."""
    (name_a, a), (name_b, b) = source(left), source(right)
    column = max(10, ((width or terminal_width()) - 3) // 2)
    lines = _row(" ", name_a, name_b, column) + [f"{'-' * column}   {'-' * column}"]
    for mark, one, two in align(a, b):
        lines += _row(mark, one or "", two or "", column)
    return "\n".join(lines)


def _row(mark, one, two, column):
    """The physical lines of one row: both sides wrapped, the mark on each line."""
    one, two = _column(one, column), _column(two, column)
    blank = " " * column
    height = max(len(one), len(two))
    one, two = one + [blank] * (height - len(one)), two + [blank] * (height - len(two))
    return [f"{x} {mark} {y}".rstrip() for x, y in zip(one, two)]


def side_by_side_html(left, right, fold=False):
    """An HTML table for a notebook that wraps to the page: removed lines red, added green, changed yellow.

    With fold=True, what a reader can skip at first (docstrings, the imports, runs of FOLD_MIN or more unchanged
    lines) is one row that opens on a click (`fold_groups`), so the refactor itself fits a laptop's screen.
    """
    (name_a, a), (name_b, b) = source(left), source(right)
    rows = align(a, b)
    head = f"<tr style='background:none'>{_th(name_a)}{_th(name_b)}</tr>"
    groups = fold_groups(rows, a, b) if fold else []
    body = _fold_rows(rows, groups, _tr, _folded)
    legend = (
        f"<caption style='caption-side:bottom;text-align:left;font-size:11px'>{LEGEND}"
        f"{FOLDED_LEGEND if fold else ''}</caption>"
    )
    return (
        TABLE.replace("<table", "<table class='sidebyside'")
        + legend
        + "\n"
        + "\n".join([head, *body])
        + "\n</table>"
    )


FOLD_MIN = 3  # a run of this many unchanged lines, or more, folds into one row
FOLDED = re.compile(r"<details>.*?</details>", re.S)  # a folded row's hidden rows, in a view's HTML
FOLDED_LEGEND = "; a grey row with ▸ holds lines folded away: click it to open them"


def _fold_rows(rows, groups, row_html, folded_html):
    """The rows' HTML, each group (kind or summary, first row, end row) one folded row instead of its rows."""
    out, start = [], 0
    for what, first, end in groups:
        out += [row_html(row) for row in rows[start:first]]
        out.append(folded_html(what, rows[first:end]))
        start = end
    return out + [row_html(row) for row in rows[start:]]


def _tr(row):
    mark, one, two = row
    return (
        "<tr style='background:none'>"
        + _td(one, mark if one is not None else " ")
        + _td(two, mark if two is not None else " ")
        + "</tr>"
    )


def _line_kind(line, code):
    """ "blank", "docstring" (prose that is no comment), "import" or "code"."""
    if not line.strip():
        return "blank"
    if not code:
        return "code" if line.strip().startswith("#") else "docstring"
    return "import" if _is_import(code) else "code"


def fold_groups(rows, left, right):
    """The runs of rows `side_by_side_html(fold=True)` folds: (kind, first row, end row) with kind "docstring",
    "imports" or "unchanged" (FOLD_MIN or more lines the same on both sides, none of them a math step); blank rows
    inside a run go with it, those after it stay."""
    codes, seen, kinds = (_codes(left), _codes(right)), [0, 0], []
    for mark, *lines in rows:
        found = set()
        for side, line in enumerate(lines):
            if line is not None:
                found.add(_line_kind(line, codes[side][seen[side]]))
                seen[side] += 1
        found.discard("blank")
        if not found:
            kinds.append("blank")
        elif found == {"docstring"}:
            kinds.append("docstring")
        elif found == {"import"}:
            kinds.append("imports")
        elif found == {"code"} and mark == " " and _step(lines[0]) is None:
            kinds.append("unchanged")
        else:
            kinds.append(None)
    groups, k = [], 0
    while k < len(kinds):
        kind, end = kinds[k], k + 1
        if kind in (None, "blank"):
            k += 1
            continue
        while end < len(kinds) and kinds[end] in (kind, "blank"):
            end += 1
        while kinds[end - 1] == "blank":
            end -= 1
        if kinds[k:end].count(kind) >= (
            1 if kind == "imports" else 2 if kind == "docstring" else FOLD_MIN
        ):
            groups.append((kind, k, end))
        k = end
    return groups


def _folded(kind, rows):
    """The rows of a pair folded into one row (`_details`), named by what they hold."""
    changed = sum(mark != " " for mark, *_ in rows)
    first = next(line for _, one, two in rows for line in (one, two) if line and line.strip())
    what = {
        "docstring": "the docstring",
        "imports": f"{len(rows)} rows of imports"
        + (f", {changed} of them not on both sides" if changed else ""),
        "unchanged": f"{len(rows)} unchanged lines, from `{first.strip()}`",
    }[kind]
    return _details(what, "\n".join(_tr(row) for row in rows), columns=2)


def _details(what, inner_rows, columns):
    """One row that opens on a click (<details>, which JupyterLab's sanitizer keeps) onto the rows it holds."""
    summary = (
        f'<summary style="{CODE};cursor:pointer;background:{COLOUR["..."]};padding:1px {CH}em;'
        f'display:list-item">{html.escape(what)}</summary>'
    )
    span = f" colspan='{columns}'" if columns > 1 else ""
    return (
        f"<tr style='background:none'><td{span} style='padding:0'>"
        f"<details>{summary}{TABLE}{inner_rows}</table></details></td></tr>"
    )


def _th(name, width="50%"):
    return (
        f"<th style='width:{width};text-align:left;padding:2px {CH}em;font-family:monospace;font-size:12px'>"
        f"{html.escape(name)}</th>"
    )


def _td(line, mark, prefix=""):
    """One side of a row: prefix and line, coloured by the mark, wrapped under the line's indent plus HANG.

    Without a prefix the indent is padding, not spaces, so a long first word cannot leave a line of spaces behind;
    <wbr> lets a long name break after a comma or a bracket before the browser breaks it anywhere.
    """
    line = line or ""
    indent = len(line) - len(line.lstrip(" "))
    text, first = (prefix + line, 1) if prefix else (line[indent:], 1 + indent)
    wrapped = first + len(prefix) + (indent if prefix else 0) + HANG
    # a space keeps an empty line one line high
    text = BREAK_AFTER.sub(r"\1<wbr>", html.escape(text)) or " "
    return (
        f'<td style="{CODE};background:{COLOUR[mark] or "none"};padding:1px {CH}em 1px {wrapped * CH:.1f}em;'
        f'text-indent:-{(wrapped - first) * CH:.1f}em">{text}</td>'
    )


def show(left, right, fold=True):
    """Renders the side-by-side HTML in a notebook, docstrings, imports and long unchanged runs folded (fold=False:
    every row open)."""
    from IPython.display import HTML, display

    display(HTML(side_by_side_html(left, right, fold)))


def feature_rows(side, feature, context=1):
    """What one feature adds on one side: (mark, line) rows of the diff against the file it builds on.

    mark is "-" (removed), "+" (added), " " (context) or "..." (unchanged lines skipped).
    """
    (_, before), (_, after) = _feature_files(side, feature)
    rows = []
    for group in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_grouped_opcodes(
        context
    ):
        rows.append(("...", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [(" ", line) for line in before[i1:i2]]
            else:
                rows += [("-", line) for line in before[i1:i2]] + [
                    ("+", line) for line in after[j1:j2]
                ]
    return rows


def _dedent(rows):
    """The rows with the indent that all their lines share taken off, so a diff deep in a loop needs no wrapping."""
    shared = min((len(line) - len(line.lstrip(" ")) for _, line in rows if line.strip()), default=0)
    return [(mark, line[shared:]) for mark, line in rows]


def _feature_files(side, feature):
    """(name, lines) of the file the feature builds on and of the feature's file, each without its docstring."""
    from course.cost import BASE, stage_path

    files = source(stage_path(side, BASE[feature])), source(stage_path(side, feature))
    # each docstring says what its file is
    return [(name, _without_docstring(lines)) for name, lines in files]


def _feature_title(side, feature):
    (before, _), (after, _) = _feature_files(side, feature)
    return f"{before} → {after}"


def feature_html(feature, fold=False):
    """Two small diffs side by side: what the feature adds to vanilla/ and to lightning_version/. With fold=True,
    the imports and whole helper functions the feature adds are one grey row each that opens on a click
    (`feature_folds`); with fold="imports", the imports only."""
    from course.cost import SIDES

    columns = []
    for side in SIDES:
        rows = _dedent(feature_rows(side, feature))
        groups = feature_folds(rows, functions=fold is True) if fold else []
        lines = [f"<tr style='background:none'>{_th(_feature_title(side, feature), '100%')}</tr>"]
        lines += _fold_rows(
            rows,
            groups,
            lambda row: _feature_row(*row),
            lambda what, held: _details(what, "\n".join(_feature_row(*row) for row in held), 1),
        )
        columns.append(
            f"<td style='width:50%;vertical-align:top;padding:0 {CH / 2}em'>{TABLE}"
            + "\n".join(lines)
            + "</table></td>"
        )
    return (
        TABLE.replace("<table", "<table class='sidebyside'")
        + "<tr style='background:none'>\n"
        + "\n".join(columns)
        + "\n</tr></table>"
    )


def _feature_row(mark, line):
    cell = _td("", mark, "⋯") if mark == "..." else _td(line, mark, f"{mark} ")
    return f"<tr style='background:none'>{cell}</tr>"


def _is_import(line):
    return line.lstrip().startswith(("import ", "from "))


def feature_folds(rows, functions=True):
    """(summary, first row, end row) of each run of a feature's diff rows to fold: the imports (with the blank and
    skipped-lines rows among them), and whole top-level functions the feature adds (unless functions=False)."""
    found, k = [], 0
    while k < len(rows):
        mark, line = rows[k]
        end = k
        while end < len(rows) and rows[end][0] == "+":
            end += 1
        if (
            functions
            and line.startswith("def ")
            and end - k >= 3
            and (k == 0 or rows[k - 1][0] != "-")
        ):
            start = k
            while start > 0 and rows[start - 1] == ("+", ""):  # the blank lines added before it
                start -= 1
            added = [text for _, text in rows[k:end]]
            names = [text[4:].split("(")[0] for text in added if text.startswith("def ")]
            lines = sum(bool(text.strip()) for text in added)
            found.append((f"the helpers {' and '.join(names)}, added: {lines} lines", start, end))
            k = end
            continue
        end = k
        while end < len(rows) and (
            rows[end][0] == "..." or not rows[end][1].strip() or _is_import(rows[end][1])
        ):
            end += 1
        marks = [row_mark for row_mark, text in rows[k:end] if _is_import(text)]
        if marks:
            counts = [(marks.count("-"), "removed"), (marks.count("+"), "added")]
            said = ", ".join(f"{count} {word}" for count, word in counts if count)
            found.append((f"the imports: {said}", k, end))
            k = end
        else:
            k = max(end, k + 1)
    return found


def show_feature(feature, fold=True):
    """Renders feature_html in a notebook, imports and added helper functions folded (fold="imports": the imports
    only; fold=False: every row open)."""
    from IPython.display import HTML, display

    display(HTML(feature_html(feature, fold)))


def feature_text(feature, width=None):
    """The two diffs of `feature` for a terminal: side by side if every line fits half the width, else one after
    the other, long lines wrapped under their own indent."""
    from course.cost import SIDES

    width = width or terminal_width()
    sides = [
        (_feature_title(side, feature), _dedent(feature_rows(side, feature))) for side in SIDES
    ]
    column = (width - 3) // 2
    if all(len(line) + 2 <= column for title, rows in sides for _, line in rows + [("", title)]):
        (title_a, a), (title_b, b) = [
            (title, [_marked(mark, line, column)[0] for mark, line in rows])
            for title, rows in sides
        ]
        a, b = a + [""] * (len(b) - len(a)), b + [""] * (len(a) - len(b))
        return "\n".join(
            [f"{title_a.ljust(column)}   {title_b}", f"{'-' * column}   {'-' * column}"]
            + [f"{x.ljust(column)}   {y}".rstrip() for x, y in zip(a, b)]
        )
    out = []
    for title, rows in sides:
        out += wrap(title, width) + ["-" * min(width, len(title))]
        out += [piece for mark, line in rows for piece in _marked(mark, line, width)] + [""]
    return "\n".join(out).rstrip("\n")


def _marked(mark, line, width):
    """A diff row for a terminal: its mark, then the line wrapped in the width left."""
    if mark == "...":
        return ["⋯"]
    pieces = _column(line, width - 2)
    return [f"{mark} {pieces[0]}".rstrip()] + [f"  {piece}".rstrip() for piece in pieces[1:]]


def pairs():
    """Every .py file present in both vanilla/ and lightning_version/, features/ included."""
    found = [
        {path.relative_to(ROOT / side).as_posix() for path in (ROOT / side).rglob("*.py")}
        for side in ("vanilla", "lightning_version")
    ]
    return [
        (f"vanilla/{name}", f"lightning_version/{name}")
        for name in sorted(set.intersection(*found))
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m course.sidebyside",
        description="The vanilla loop and its Lightning twin side by side, unchanged lines on one row, long lines "
        "wrapped. With no FILE, every file present in both vanilla/ and lightning_version/.",
        epilog="Marks between the columns: | changed, < removed, > added, ~ moved (the same line sits elsewhere in "
        "the other file). The width is the terminal's, else $COLUMNS, else 80.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="two paths relative to the repository root: vanilla/FILE lightning_version/FILE",
    )
    parser.add_argument(
        "--feature",
        metavar="NAME",
        help="what one feature adds on each side (accumulation, precision, ...), as two diffs",
    )
    parser.add_argument("--width", type=int, metavar="COLUMNS", help="the width to wrap to")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.feature:
        from course.cost import BASE

        if args.files or args.feature not in BASE:
            parser.error(f"--feature takes one of {', '.join(BASE)} and no FILE")
        print(feature_text(args.feature, args.width))
        return
    if len(args.files) not in (0, 2):
        parser.error("give two files or none")
    for left, right in [args.files] if args.files else pairs():
        for path in (left, right):
            if not (ROOT / path).is_file():
                parser.error(f"no file {path} (paths are relative to {ROOT.name}/)")
        print(side_by_side(left, right, args.width), end="\n\n")


def _without_docstring(lines):
    """The lines after a one-line module docstring."""
    return (
        lines[1:]
        if lines and lines[0].startswith('"""') and lines[0].rstrip().endswith('"""')
        else lines
    )


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # `| head` stopped reading: not an error
        sys.stderr.close()
