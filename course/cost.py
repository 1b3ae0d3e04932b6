"""The cost of doing it by hand, measured from the code: what each feature adds on each side.

Each feature is a pair of files, vanilla/features/NAME.py and lightning_version/features/NAME.py: the file it builds
on (minimal.py, or another feature) plus that one feature. Its cost is the diff against that file, counted in lines
of code as `ast` prints them back: no comments, no docstrings, one statement per line, a call wrapped over several
lines counted once. So no comment edit and no line wrapping can change a number.
"""

import ast
import difflib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIDES = ("vanilla", "lightning_version")
BASE = {  # feature: the file it builds on
    "accumulation": "minimal",
    "precision": "minimal",
    "clipping": "minimal",
    "validation": "minimal",
    "early_stopping": "validation",
    "logs": "minimal",
    "checkpoint": "minimal",
    "ddp": "minimal",
    "inference": "minimal",
    "scheduler": "minimal",
}
LESSON_4 = ("accumulation", "precision", "clipping")
LESSON_5 = ("validation", "early_stopping", "logs", "checkpoint")
LESSON_6 = ("ddp",)
LESSON_5B = ("inference",)
LESSON_7 = ("scheduler",)


def stage_path(side, name):
    """vanilla/minimal.py for "minimal", else vanilla/features/NAME.py (relative to the repository root)."""
    return f"{side}/minimal.py" if name == "minimal" else f"{side}/features/{name}.py"


def stage_train(side, name):
    """train() of the stage file `stage_path(side, name)`: a feature's file, or the minimal one."""
    import importlib

    return importlib.import_module(stage_path(side, name)[:-3].replace("/", ".")).train


def code_lines(path):
    """The file's code as `ast` prints it back, docstrings dropped: one statement per line."""
    tree = ast.parse((ROOT / path).read_text())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree).splitlines()


def changed_lines(before, after):
    """Lines of code added, removed or changed from one file to the other (a changed line counts once)."""
    matcher = difflib.SequenceMatcher(a=code_lines(before), b=code_lines(after), autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def cost(features=LESSON_4):
    """{feature: (lines in the vanilla loop, lines in the Lightning version)}."""
    return {
        feature: tuple(
            changed_lines(stage_path(side, BASE[feature]), stage_path(side, feature))
            for side in SIDES
        )
        for feature in features
    }


def markdown(features=LESSON_4):
    lines = ["| feature | lines it adds or changes by hand | in Lightning |", "|---|---|---|"]
    lines += [
        f"| {feature} | {by_hand} | {lightning} |"
        for feature, (by_hand, lightning) in cost(features).items()
    ]
    return "\n".join(lines)
