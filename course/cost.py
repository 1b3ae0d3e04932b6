"""The cost of doing it by hand, measured from the code: lines each feature adds to the vanilla loop vs Lightning.

A line belongs to a feature when a clause of its comment starts with the feature's name
(`# precision: ...`, `# step 4: backward; precision: ...`); both train.py files are labelled that way.
"""
import inspect
import io
import tokenize

import lightning_version.train
import vanilla.train

FEATURES = ("device", "accumulation", "precision", "clipping")  # lesson 4
LESSON_5 = ("validation", "early stopping", "logging", "checkpoint")


def labelled_lines(module, feature):
    """Source lines of a module whose comment names the feature."""
    lines = []
    for token in tokenize.generate_tokens(io.StringIO(inspect.getsource(module)).readline):
        if token.type == tokenize.COMMENT:
            clauses = [clause.strip() for clause in token.string.lstrip("#").split(";")]
            if any(clause == feature or clause.startswith(feature + ":") for clause in clauses):
                lines.append(token.line.rstrip())
    return lines


def cost(features=FEATURES):
    """{feature: (lines in the vanilla loop, lines in the Lightning version)}."""
    return {feature: (len(labelled_lines(vanilla.train, feature)), len(labelled_lines(lightning_version.train, feature)))
            for feature in features}


def markdown(features=FEATURES):
    lines = ["| feature | lines in the vanilla loop | lines in Lightning |", "|---|---|---|"]
    lines += [f"| {feature} | {by_hand} | {lightning} |" for feature, (by_hand, lightning) in cost(features).items()]
    return "\n".join(lines)
