"""The Rosetta table (course/rosetta.py): every config field has a row, and every row is true of the code.

What is checked: the pieces of a row inside backticks; prose outside them describes and is not checked. Vanilla
pieces are looked for in the vanilla package's files (vanilla/*.py), Lightning pieces in the full Lightning
version (lightning_version/train.py and the lightning_version modules it imports), all read at test time. In
both, a config field's bare name stands for `config.<field>`: `torch.manual_seed(seed)` is
`torch.manual_seed(config.seed)`.

- Vanilla: a piece is read as Python tokens (so spaces, line breaks and comments do not matter) that occur in one
  statement of those files; `...` is a gap, so the parts around it occur in that order within one statement (an
  `if` with its body is one statement). Three pieces are not code: a path (`vanilla/ddp.py`) names one of those
  files, a dotted name (`vanilla.ddp.launch`) is defined in that module, and a `torchrun ...` command line uses
  only options that torch's own launcher accepts.
- Lightning: a piece is parsed with ast. A call `f(a, k=v)` matches a call of f (`Trainer` matches `L.Trainer`)
  whose arguments match: `...` or a capital letter (N, M) is any value, and after a positional `...` any further
  positionals; a field's name is `config.<field>`; a literal is that literal, or an example of what the expression
  passed there can be; a call is a matching call inside the value passed; any other expression is itself. A bare
  name, a call without arguments, or `Class.method()` also matches a def (in a subclass of Class). Other code (a
  dict) is matched as tokens, as on the vanilla side.
- What Lightning does inside (LIGHTNING_ITSELF) is checked against the pinned Lightning, not the course's code;
  UNCHECKED lists the pieces no test can check, each with the reason.
- Every row has at least one checked piece on each side, or that side is in PROSE_ONLY with the reason.
"""

import ast
import functools
import re
from dataclasses import fields
from pathlib import Path

import lightning as L
import pytest
import torch
from lightning.pytorch.core.optimizer import _configure_schedulers_automatic_opt
from lightning.pytorch.strategies import StrategyRegistry
from lightning.pytorch.utilities.exceptions import MisconfigurationException
from torch.distributed.run import get_args_parser
from torch.utils.data import DataLoader, TensorDataset

from course import rosetta
from task.config import GROUPS, TrainConfig

ROOT = Path(rosetta.__file__).parent.parent
FIELDS = {field.name for field in fields(TrainConfig)}
PROSE_ONLY = {
    (
        "accumulate_grad_batches",
        "vanilla",
    ): "the window is control flow spread over a whole batch loop: "
    "tests/test_dangers.py proves it equal to Lightning's",
    (
        "log_dir",
        "vanilla",
    ): "opening, writing and closing metrics.csv is a helper's body, not one line: "
    "tests/test_logs.py compares its rows with CSVLogger's",
}
UNCHECKED = {"srun": "SLURM's launcher: no pinned package holds it"}


def a_validation_epoch_runs_in_eval_mode_without_gradients():
    seen = []

    class Probe(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(1, 1)

        def training_step(self, batch, batch_idx):
            return self.linear(batch[0]).sum()

        def validation_step(self, batch, batch_idx):
            seen.append((self.training, torch.is_grad_enabled()))

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    loader = DataLoader(TensorDataset(torch.ones(2, 1)), batch_size=2)
    trainer = L.Trainer(
        max_epochs=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        num_sanity_val_steps=0,
    )
    trainer.fit(Probe(), loader, loader)
    return seen == [(False, False)]


def schedulers_step_once_an_epoch_unless_the_interval_is_step():
    def interval(**config):
        scheduler = torch.optim.lr_scheduler.ExponentialLR(
            torch.optim.SGD([torch.ones(1)], lr=1.0), gamma=0.5
        )
        return _configure_schedulers_automatic_opt([{"scheduler": scheduler, **config}], None)[
            0
        ].interval

    with pytest.raises(MisconfigurationException, match='must be "step" or "epoch"'):
        interval(interval="batch")
    return interval() == "epoch" and interval(interval="step") == "step"


LIGHTNING_ITSELF = {  # what the Trainer does inside, checked against the pinned Lightning
    "eval()": a_validation_epoch_runs_in_eval_mode_without_gradients,
    '"interval": "step"': schedulers_step_once_an_epoch_unless_the_interval_is_step,
    '"ddp_notebook"': lambda: "ddp_notebook" in StrategyRegistry,
}
STRING = r"""[rbfuRBFU]{0,2}(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')"""
TOKEN = re.compile(
    r"#[^\n]*|" + STRING + r"|\w+|\.\.\.|\*\*=?|//=?|->|:=|<<=?|>>=?|[-+*/%&|^<>=!@]=|\S"
)


def pieces(cell):
    return re.findall(r"`([^`]+)`", cell)


def tokens(code):
    """code's Python tokens without comments; `config.` dropped before a name, so a field stands for itself."""
    found = [token for token in TOKEN.findall(code) if not token.startswith("#")]
    return [
        token
        for i, token in enumerate(found)
        if not (token == "config" and found[i + 1 : i + 2] == ["."] and found[i - 1 : i] != ["."])
        and not (token == "." and found[i - 1 : i] == ["config"] and found[i - 2 : i - 1] != ["."])
    ]


def in_order(parts, code_tokens):
    """Each part's tokens occur in code_tokens, one run after the other's end."""
    start = 0
    for part in parts:
        for at in range(start, len(code_tokens) - len(part) + 1):
            if code_tokens[at : at + len(part)] == part:
                start = at + len(part)
                break
        else:
            return False
    return True


@functools.cache
def sources(package):
    """vanilla/*.py; for lightning_version, train.py and the modules of the package it imports."""
    if package == "vanilla":
        return {path: path.read_text() for path in sorted((ROOT / package).glob("*.py"))}
    train = ROOT / package / "train.py"
    modules = [
        node.module
        for node in ast.walk(ast.parse(train.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{package}.")
    ]
    paths = [train, *(ROOT / f"{module.replace('.', '/')}.py" for module in modules)]
    return {path: path.read_text() for path in paths}


@functools.cache
def statements(package):
    """The tokens of every statement (nested ones too) in package/*.py."""
    found = []
    for source in sources(package).values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.stmt):
                found.append(tokens(ast.get_source_segment(source, node)))
    return found


def in_one_statement(piece, package):
    parts = [tokens(part) for part in piece.split("...")]
    parts = [part for part in parts if part]
    return any(in_order(parts, statement) for statement in statements(package))


@functools.cache
def trees(package):
    return [ast.parse(source) for source in sources(package).values()]


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return inner and f"{inner}.{node.attr}"
    return None


def ends_with(node, name):
    parts = (dotted(node) or "").split(".")
    return parts[-len(name.split(".")) :] == name.split(".")


def value_matches(wanted, given):
    if isinstance(wanted, ast.Constant) and wanted.value is Ellipsis:
        return True
    if isinstance(wanted, ast.Name) and re.fullmatch(r"[A-Z]", wanted.id):  # N, M: a placeholder
        return True
    if isinstance(wanted, ast.Name) and wanted.id in FIELDS:
        return (
            isinstance(given, ast.Attribute)
            and given.attr == wanted.id
            and ends_with(given.value, "config")
        )
    if isinstance(wanted, ast.Constant):
        return not isinstance(given, ast.Constant) or given.value == wanted.value
    if isinstance(wanted, ast.Call):
        return any(
            call_matches(wanted, node) for node in ast.walk(given) if isinstance(node, ast.Call)
        )
    return ast.dump(wanted) == ast.dump(given)


def call_matches(wanted, call):
    if not ends_with(call.func, dotted(wanted.func)):
        return False
    for i, arg in enumerate(wanted.args):
        if isinstance(arg, ast.Constant) and arg.value is Ellipsis:
            break  # any positionals from here on
        if i >= len(call.args) or not value_matches(arg, call.args[i]):
            return False
    given = {keyword.arg: keyword.value for keyword in call.keywords}
    return all(
        keyword.arg in given and value_matches(keyword.value, given[keyword.arg])
        for keyword in wanted.keywords
    )


def defined(name, package):
    """A def of name; for Class.method, a def of method in a class that is or subclasses Class."""
    *owner, function = name.split(".")
    for tree in trees(package):
        for node in ast.walk(tree):
            if (
                not owner
                and isinstance(node, (ast.FunctionDef, ast.ClassDef))
                and node.name == function
            ):
                return True
            if (
                owner
                and isinstance(node, ast.ClassDef)
                and (
                    node.name == owner[-1]
                    or any(ends_with(base, ".".join(owner)) for base in node.bases)
                )
            ):
                if any(
                    isinstance(item, ast.FunctionDef) and item.name == function
                    for item in node.body
                ):
                    return True
    return False


def in_lightning_code(piece):
    try:
        wanted = ast.parse(piece, mode="eval").body
    except SyntaxError:
        return in_one_statement(piece, "lightning_version")
    nodes = [node for tree in trees("lightning_version") for node in ast.walk(tree)]
    if isinstance(wanted, ast.Call):
        bare = not wanted.args and not wanted.keywords
        return (
            any(isinstance(node, ast.Call) and call_matches(wanted, node) for node in nodes)
            or bare
            and defined(dotted(wanted.func), "lightning_version")
        )
    if isinstance(wanted, (ast.Name, ast.Attribute)):
        return defined(dotted(wanted), "lightning_version") or any(
            isinstance(node, (ast.Name, ast.Attribute)) and ends_with(node, dotted(wanted))
            for node in nodes
        )
    return in_one_statement(piece, "lightning_version")


def in_vanilla_code(piece):
    if piece.endswith(".py"):
        return (ROOT / piece) in sources("vanilla")
    if piece.split()[0] == "torchrun":
        accepted = get_args_parser()._option_string_actions
        return all(word in accepted for word in piece.split() if word.startswith("-"))
    if re.fullmatch(r"vanilla(\.\w+)+", piece):
        module, name = piece.rsplit(".", 1)
        tree = ast.parse((ROOT / f"{module.replace('.', '/')}.py").read_text())
        return any(getattr(node, "name", None) == name for node in tree.body)
    return in_one_statement(piece, "vanilla")


def checked(cell):
    return [piece for piece in pieces(cell) if piece not in UNCHECKED]


def test_every_config_field_has_a_row():
    covered = set(rosetta.ROWS) | set(rosetta.DATA_FIELDS)
    assert FIELDS == covered


def test_readme_shows_the_current_table():
    readme = (ROOT / "README.md").read_text()
    assert rosetta.markdown() in readme, (
        "README's Rosetta table is stale: paste course.rosetta.markdown() into it"
    )


def test_the_groups_hold_every_field_once_so_help_and_the_table_show_them_all():
    grouped = [name for names in GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(FIELDS)
    table = rosetta.markdown()
    assert all(
        table.index(f"**{a}**") < table.index(f"**{b}**") for a, b in zip(GROUPS, list(GROUPS)[1:])
    )


@pytest.mark.parametrize("name", rosetta.ROWS)
def test_each_row_has_a_checked_piece_on_each_side_or_says_why_not(name):
    for side, cell in zip(("vanilla", "lightning"), rosetta.ROWS[name]):
        assert bool(checked(cell)) != ((name, side) in PROSE_ONLY), (name, side, cell)


@pytest.mark.parametrize("name", rosetta.ROWS)
def test_the_vanilla_pieces_are_in_the_vanilla_code(name):
    missing = [piece for piece in checked(rosetta.ROWS[name][0]) if not in_vanilla_code(piece)]
    assert not missing, f"not in vanilla/*.py: {missing}"


@pytest.mark.parametrize("name", rosetta.ROWS)
def test_the_lightning_pieces_are_in_the_lightning_code(name):
    missing = [
        piece
        for piece in checked(rosetta.ROWS[name][1])
        if piece not in LIGHTNING_ITSELF and not in_lightning_code(piece)
    ]
    assert not missing, f"not in lightning_version/train.py or the modules it imports: {missing}"


@pytest.mark.parametrize("piece", LIGHTNING_ITSELF)
def test_what_the_table_says_lightning_does_inside_holds_for_the_pinned_version(piece):
    assert any(piece in pieces(lightning) for _, lightning in rosetta.ROWS.values()), (
        f"no row shows {piece}"
    )
    assert LIGHTNING_ITSELF[piece](), piece


def test_a_gap_stays_inside_one_statement_and_tokens_ignore_spacing_and_comments():
    code = "if (step + 1) % n == 0:  # log\n    x = 1\n    log.info(x)\nlog.info(y)\n"
    statements = [
        tokens(ast.get_source_segment(code, node))
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.stmt)
    ]

    def found(piece):
        return any(in_order([tokens(part) for part in piece.split("...")], s) for s in statements)

    assert found("if (step+1) % n == 0: ... log.info(...)")
    assert not found("if step % n == 0: ... log.info(...)")
    assert not found("x = 1 ... log.info(y)")  # two statements: no gap joins them
