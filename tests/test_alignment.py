"""The side-by-side view, tested by what it shows: the five steps opposite each other, enough lines paired, and no
pair that only comments could justify. The steps are found here with `ast`, apart from course.sidebyside's own way."""

import ast
import io
import keyword
import tokenize

import pytest

from course.sidebyside import align, pairs, source

FABRIC = [
    ("vanilla/minimal.py", "fabric_version/minimal.py"),
    ("fabric_version/minimal.py", "lightning_version/minimal.py"),
]
PAIRS = pairs() + FABRIC  # what `make diff` and the lessons show
SHARE = {  # the least share of rows that hold a line on both sides; measured, rounded down
    "vanilla/minimal.py": 0.30,
    "vanilla/train.py": 0.15,
    "vanilla/data.py": 0.30,
    "vanilla/checkpoint.py": 0.12,
    "vanilla/__main__.py": 0.65,
    FABRIC[0]: 0.60,
    FABRIC[1]: 0.30,
}
FEATURE_SHARE = (
    0.23  # each features/NAME.py pair: the minimal pair's share, less what the feature adds
)
SIMILAR = 0.14  # the least share of names two paired lines have in common (1 in 7: the twin imports of checkpoint)


def steps(path):
    """{step: line index} of the first forward, loss, zero_grad, backward and optimizer step in the file, as `ast`
    finds them; in a LightningModule's training_step, `return loss` stands for steps 3-5."""
    tree, found = ast.parse("\n".join(source(path)[1])), {}

    def first(step, node):
        found.setdefault(step, node.lineno - 1)

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            called = ast.unparse(node.value.func)
            if names == ["y_hat"] and [ast.unparse(arg) for arg in node.value.args] == ["x"]:
                first(1, node)
            if names == ["loss"] and called.endswith("mse_loss"):
                first(2, node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner, args = ast.unparse(node.func.value), [ast.unparse(arg) for arg in node.args]
            if node.func.attr == "zero_grad":
                first(3, node)
            if node.func.attr == "backward":
                first(4, node)
            if node.func.attr == "step" and (owner == "optimizer" or args == ["optimizer"]):
                first(5, node)
        if isinstance(node, ast.FunctionDef) and node.name == "training_step":
            returns = [child for child in ast.walk(node) if isinstance(child, ast.Return)]
            if returns and ast.unparse(returns[-1].value) == "loss":
                first(3, returns[-1])
    return found


def rows_of(left, right):
    """align's rows, each with the index of its left and its right line (None where that side is empty)."""
    out, i, j = [], 0, 0
    for mark, one, two in align(source(left)[1], source(right)[1]):
        out.append((mark, i if one is not None else None, j if two is not None else None))
        i, j = i + (one is not None), j + (two is not None)
    return out


def names(line):
    """The names, numbers and strings of a line's code: tokenize drops its comment."""
    found = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(line.strip()).readline):
            if token.type in (
                tokenize.NAME,
                tokenize.NUMBER,
                tokenize.STRING,
            ) and not keyword.iskeyword(token.string):
                found.add(token.string)
    except (tokenize.TokenError, IndentationError):  # part of a longer statement
        pass
    return found


LOOPS = [(left, right) for left, right in PAIRS if 1 in steps(left)]


def test_the_pairs_with_a_loop_are_the_minimal_pairs_the_features_and_the_full_pair():
    assert ("vanilla/minimal.py", "lightning_version/minimal.py") in LOOPS
    assert ("vanilla/train.py", "lightning_version/train.py") in LOOPS
    assert set(FABRIC) <= set(LOOPS)
    assert len(LOOPS) >= 14  # minimal, train, every feature and the Fabric pairs
    assert all(set(steps(left)) == {1, 2, 3, 4, 5} for left, _ in LOOPS)


@pytest.mark.parametrize("left, right", LOOPS)
def test_forward_and_loss_sit_opposite_their_twins(left, right):
    ours, theirs, rows = steps(left), steps(right), rows_of(left, right)
    for step in (1, 2):
        assert (ours[step], theirs[step]) in [(i, j) for _, i, j in rows], (step, left)


@pytest.mark.parametrize("left, right", LOOPS)
def test_zero_grad_backward_and_step_sit_opposite_their_twins_or_the_return_that_hands_them_to_the_trainer(
    left, right
):
    ours, theirs, rows = steps(left), steps(right), rows_of(left, right)
    assert (ours[3], theirs[3]) in [(i, j) for _, i, j in rows], left  # zero_grad, or `return loss`
    for step in (4, 5):
        if step in theirs:
            assert (ours[step], theirs[step]) in [(i, j) for _, i, j in rows], (step, left)
        else:  # nothing replaces them line for line: nothing unrelated sits opposite them either
            assert [j for _, i, j in rows if i == ours[step]] == [None], (step, left)


def test_the_full_pair_holds_the_loop_and_its_refactor_and_no_helper_without_a_twin():
    """Helpers that are not the loop (the CSV writer, the callbacks) live in files of their own, so the side-by-side
    of the full pair shows the loop opposite the LightningModule and the Trainer that replace it."""
    defined = {
        path: [
            node.name
            for node in ast.parse("\n".join(source(path)[1])).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))
        ]
        for path in ("vanilla/train.py", "lightning_version/train.py")
    }
    assert defined == {
        "vanilla/train.py": ["train"],
        "lightning_version/train.py": ["train", "LitRegressor"],
    }


@pytest.mark.parametrize("left, right", PAIRS)
def test_enough_rows_pair_a_line_with_its_twin(left, right):
    rows = rows_of(left, right)
    floor = SHARE.get((left, right), SHARE.get(left, FEATURE_SHARE if "/features/" in left else 0))
    assert sum(i is not None and j is not None for _, i, j in rows) / len(rows) >= floor, left


@pytest.mark.parametrize("left, right", PAIRS)
def test_lines_paired_as_changed_share_their_code_not_only_their_comments(left, right):
    (_, a), (_, b) = source(left), source(right)
    # zero_grad opposite `return loss`, by design
    anchors = {(steps(left).get(3), steps(right).get(3))}
    for mark, i, j in rows_of(left, right):
        if mark == "|" and (i, j) not in anchors:
            one, two = names(a[i]), names(b[j])
            assert one and two and len(one & two) / len(one | two) >= SIMILAR, (a[i], b[j])
