import re
import subprocess
import sys

import pytest

import lightning_version.train
import vanilla.train
from course.cost import BASE, stage_path
from course.sidebyside import (
    ROOT,
    _step,
    align,
    feature_folds,
    feature_html,
    feature_rows,
    feature_text,
    fold_groups,
    main,
    pairs,
    side_by_side,
    side_by_side_html,
    source,
    wrap,
)

PAIRS = pairs()
FEATURES = [
    name
    for name in BASE
    if all((ROOT / stage_path(side, name)).is_file() for side in ("vanilla", "lightning_version"))
]


def sidebyside(*args, columns=None):
    """`python -m course.sidebyside ARGS` with stdout piped, as `make diff | less` runs it."""
    env = {"PATH": "/usr/bin:/bin"} | ({"COLUMNS": str(columns)} if columns else {})
    return subprocess.run(
        [sys.executable, "-m", "course.sidebyside", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def headers(text, width):
    """(left, right) file names above each `----   ----` line of a terminal view, unwrapped."""
    column, lines, found = (width - 3) // 2, text.splitlines(), []
    for end, line in enumerate(lines):
        if line == f"{'-' * column}   {'-' * column}":
            start = max(k for k in range(-1, end) if k < 0 or not lines[k]) + 1
            found.append(
                tuple(
                    "".join(line[part].strip() for line in lines[start:end])
                    for part in (slice(column), slice(column + 3, None))
                )
            )
    return found


def test_every_pair_is_listed_features_included():
    assert ("vanilla/minimal.py", "lightning_version/minimal.py") in PAIRS
    assert (
        "vanilla/features/accumulation.py",
        "lightning_version/features/accumulation.py",
    ) in PAIRS
    assert ("vanilla/ddp.py", "lightning_version/ddp.py") not in PAIRS  # vanilla only


@pytest.mark.parametrize("width", [12, 38, 61])
def test_wrapping_keeps_every_character_and_fits_the_width(width):
    lines = [line for left, right in PAIRS for path in (left, right) for line in source(path)[1]]
    assert max(map(len, lines)) > 61  # so each width wraps something
    for line in lines:
        pieces = wrap(line, width)
        assert "".join(pieces) == line
        indent = min(len(line) - len(line.lstrip(" ")) + 4, width // 2)
        assert len(pieces[0]) <= width and all(indent + len(piece) <= width for piece in pieces[1:])


def test_wrapping_breaks_after_a_space_not_inside_a_name():
    line = "    model = Regressor(config.n_features)"
    assert wrap(line, 30) == ["    model = Regressor(", "config.n_features)"]
    # a dot only if nothing else
    assert wrap(line, 20) == ["    model = ", "Regressor(", "config.", "n_features)"]


@pytest.mark.parametrize("left, right", PAIRS)
def test_unchanged_lines_share_a_row_and_every_line_keeps_its_order(left, right):
    (_, a), (_, b) = source(left), source(right)
    rows = align(a, b)
    assert [one for _, one, _ in rows if one is not None] == a
    assert [two for _, _, two in rows if two is not None] == b
    for mark, one, two in rows:
        assert (mark == " ") == (one == two is not None), (mark, one, two)


@pytest.mark.parametrize("name", ["minimal.py", "data.py", "features/accumulation.py"])
def test_imports_that_both_sides_keep_share_a_row(name):
    (_, a), (_, b) = source(f"vanilla/{name}"), source(f"lightning_version/{name}")
    rows = align(a, b)
    shared = [line for line in a if line.startswith(("import ", "from ")) and line in b]
    assert shared and all((" ", line, line) in rows for line in shared)


def test_the_minimal_pairs_forward_sits_on_one_row_in_every_view():
    forward, twin = "y_hat = model(x)", "y_hat = self.model(x)"  # step 1, on each side
    rows = align(source("vanilla/minimal.py")[1], source("lightning_version/minimal.py")[1])
    assert any(one and two and forward in one and twin in two for _, one, two in rows)
    # no line wraps
    text = side_by_side("vanilla/minimal.py", "lightning_version/minimal.py", width=200)
    assert any(forward in line and twin in line for line in text.splitlines())
    page = side_by_side_html("vanilla/minimal.py", "lightning_version/minimal.py")
    # <wbr> after "("
    assert any(
        "y_hat = model(" in row and "y_hat = self.model(" in row for row in page.split("<tr")
    )


def test_similar_lines_pair_up_and_moved_lines_are_marked_moved():
    left, right = (
        ["import torch", "    y_hat = model(x)", "gone", "same"],
        ["same", "import torch", "new", "  y_hat = self(x)"],
    )
    rows = align(left, right)
    assert (" ", "import torch", "import torch") in rows
    assert ("|", "    y_hat = model(x)", "  y_hat = self(x)") in rows
    assert (">", None, "new") in rows and ("<", "gone", None) in rows
    assert ("~", "same", None) in rows and ("~", None, "same") in rows


@pytest.mark.parametrize("width", [80, 61])
def test_terminal_view_fits_the_width_and_names_both_files(width):
    for left, right in PAIRS:
        text = side_by_side(left, right, width=width)
        assert headers(text, width) == [(left, right)]
        assert max(map(len, text.splitlines())) <= width
    for feature in FEATURES:
        assert max(map(len, feature_text(feature, width).splitlines())) <= width


def test_piped_output_wraps_to_80_columns_or_COLUMNS():
    for columns, width in ((None, 80), (60, 60)):
        out = sidebyside("vanilla/minimal.py", "lightning_version/minimal.py", columns=columns)
        lines = out.stdout.splitlines()
        assert out.returncode == 0
        assert headers(out.stdout, width) == [
            ("vanilla/minimal.py", "lightning_version/minimal.py")
        ]
        assert max(map(len, lines)) <= width and max(map(len, lines)) > width - 5
        assert "".join(lines).count("config.shuffle)") == 2  # the long line's end: wrapped, not cut


def test_make_diff_shows_every_pair():
    out = sidebyside()
    assert out.returncode == 0 and headers(out.stdout, 80) == PAIRS


def test_feature_option_prints_both_diffs():
    out = sidebyside("--feature", "accumulation")
    assert out.returncode == 0
    assert "vanilla/features/accumulation.py" in out.stdout
    assert re.search(r"\n\+ +accumulate_grad_batches=", out.stdout)
    assert sidebyside("--feature", "nope").returncode == 2


def test_help_exits_0_with_usage():
    out = sidebyside("--help")
    assert out.returncode == 0 and out.stdout.startswith("usage: python -m course.sidebyside")
    assert "--feature NAME" in out.stdout


def test_missing_file_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["vanilla/nope.py", "lightning_version/train.py"])
    assert stop.value.code == 2 and "no file vanilla/nope.py" in capsys.readouterr().err


def html_views():
    yield side_by_side_html(vanilla.train, lightning_version.train)
    yield side_by_side_html("vanilla/minimal.py", "lightning_version/minimal.py")
    yield from map(feature_html, FEATURES)


def test_html_wraps_and_shares_the_width():
    for page in html_views():
        assert not re.search(r"white-space:\s*pre(?!-wrap)", page)
        # JupyterLab's sanitizer drops both: seen in the browser check
        assert not re.search(r"\dch\b|anywhere", page)
        assert page.startswith("<table class='sidebyside' style='table-layout:fixed;width:100%;")
        code = re.findall(r'<td style="([^"]*)"', page)
        assert code and all(
            "white-space:pre-wrap;overflow-wrap:break-word" in style for style in code
        )


def test_html_view_escapes_code_names_the_files_and_colours_rows():
    page = side_by_side_html(vanilla.train, lightning_version.train)
    assert "&quot;" in page and "/work" not in page
    assert ">vanilla/train.py</th>" in page and ">lightning_version/train.py</th>" in page
    assert all(f"background:{colour}" in page for colour in ("#fff3bf", "#ffd8d8", "#d3f9d8"))


def test_feature_rows_are_the_diff_against_the_base_file():
    added = [
        line.strip()
        for mark, line in feature_rows("lightning_version", "accumulation")
        if mark == "+"
    ]
    assert len(added) == 1 and added[0].startswith(
        "accumulate_grad_batches=config.accumulate_grad_batches,"
    )


@pytest.mark.parametrize("left, right", PAIRS)
def test_folding_hides_no_line_and_never_a_changed_or_math_step_row(left, right):
    (_, a), (_, b) = source(left), source(right)
    rows = align(a, b)
    groups = fold_groups(rows, a, b)
    for kind, first, end in groups:
        held = rows[first:end]
        assert held[0][1:] != (None, None) and any(
            line and line.strip() for _, *lines in held for line in lines
        )
        if kind == "unchanged":
            assert all(mark == " " for mark, *_ in held)
            assert not any(_step(one) for _, one, _ in held if one)
        if kind == "imports":
            assert all(
                line is None or not line.strip() or line.lstrip().startswith(("import ", "from "))
                for _, *lines in held
                for line in lines
            )
    # every line of both files is still in the page, folded or not, in order
    page = side_by_side_html(left, right, fold=True)
    cells = [html_text(cell) for cell in re.findall(r"<td style=\"[^\"]*\">(.*?)</td>", page)]
    assert cells == [
        html_text(c)
        for c in re.findall(r"<td style=\"[^\"]*\">(.*?)</td>", side_by_side_html(left, right))
    ]


def html_text(cell):
    return re.sub(r"<wbr>", "", cell)


def test_the_minimal_pair_folds_its_docstring_imports_and_unchanged_runs_but_not_the_loop():
    (_, a), (_, b) = source("vanilla/minimal.py"), source("lightning_version/minimal.py")
    rows = align(a, b)
    groups = fold_groups(rows, a, b)
    assert {kind for kind, *_ in groups} == {"docstring", "imports", "unchanged"}
    folded = {k for _, first, end in groups for k in range(first, end)}
    shown = [rows[k] for k in range(len(rows)) if k not in folded]
    lines = [line.strip() for _, *pair in shown for line in pair if line]
    assert "def train(config=TrainConfig()):" in lines
    assert all(any(_step(line) == n for line in lines) for n in range(1, 6))
    assert len(rows) - len(folded) + len(groups) <= 0.85 * len(rows)
    page = side_by_side_html("vanilla/minimal.py", "lightning_version/minimal.py", fold=True)
    assert page.count("<details>") == len(groups) and "click it to open them" in page


def test_an_unchanged_run_of_math_steps_stays_open():
    lines = ["def f(model, x, y):", "    a = 1", "    b = 2", "    c = 3", "    y_hat = model(x)"]
    lines += ["    loss = F.mse_loss(y_hat, y)", "    loss.backward()", "    return loss"]
    rows = align(lines, lines)
    assert fold_groups(rows, lines, lines) == [("unchanged", 0, 4)]


@pytest.mark.parametrize("feature", FEATURES)
def test_a_features_folds_hold_only_imports_or_whole_added_functions_and_lose_no_line(feature):
    for side in ("vanilla", "lightning_version"):
        rows = feature_rows(side, feature)
        for what, first, end in feature_folds(rows):
            held = [line for mark, line in rows[first:end] if mark != "..." and line.strip()]
            if what.startswith("the imports"):
                assert all(line.lstrip().startswith(("import ", "from ")) for line in held)
            else:
                assert all(mark == "+" for mark, line in rows[first:end])
                assert held[0].startswith("def ")
    cells = re.findall(r"<td style=\"[^\"]*\">(.*?)</td>", feature_html(feature, fold=True))
    assert cells == re.findall(r"<td style=\"[^\"]*\">(.*?)</td>", feature_html(feature))
