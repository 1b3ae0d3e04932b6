"""A fake class for the grader: students' notebooks made from the corpus of right and wrong answers
(staff/exercise_corpus/), with broken, empty, renamed and hostile ones among them.

    .venv/bin/python -m staff.fake_class OUT      writes OUT/STUDENT/NOTEBOOK.ipynb and OUT/expected.json

Each answer is the corpus's own code, typed into the exercise cell as a student would: the function or class with
what it uses from its corpus module, then the names the cell's check line passes bound to it. expected.json says
what the grader must find: for each student and notebook, each exercise's status and words of its verdict, and
words of the row's notes.
"""

import argparse
import ast
import inspect
import json
import sys
from pathlib import Path

import nbformat

from course.exercises import build
from staff.exercise_corpus import lesson1, lesson2, lesson3, lesson4, lesson5, lesson6

CORPUS = {
    exercise.name: (module, exercise)
    for module in (lesson1, lesson2, lesson3, lesson4, lesson5, lesson6)
    for exercise in module.EXERCISES
}
TARGETS = {  # exercise 1a's answers are tensors in the corpus: here as the lines that make them
    "unsqueeze": "y = (X @ w_true + b_true + noise).unsqueeze(1)",
    "view": "y = (X @ w_true + b_true + noise).view(-1, 1)",
    "reshape": "y = (X @ w_true + noise + b_true).reshape(100, 1)",
    "flat (N,)": "y = X @ w_true + b_true + noise",
    "float64": "y = (X @ w_true + b_true + noise).unsqueeze(1).double()",
}
UNSTOPPABLE_LOOP = """import time
while True:  # catches the interrupt the grader sends at the cell's time limit
    try:
        time.sleep(0.2)
    except KeyboardInterrupt:
        pass"""
LOOP = """def train_epoch(model, optimizer, train_loader):
    while True:
        pass"""
EXIT = "import os\nos._exit(0)"
DELETE = """import os, shutil, sys
from pathlib import Path
import course
for path in Path.cwd().iterdir():  # everything in its working folder: allowed, it is the submission's own copy
    shutil.rmtree(path) if path.is_dir() else path.unlink()
print("left in the working folder:", list(Path.cwd().iterdir()))
attempts = [
    lambda: (Path(course.__file__).parent / "exercises" / "scaling.py").unlink(),  # the checks it imports
    lambda: shutil.rmtree(Path.cwd().parents[1]),  # the grader's folder: the other notebooks, the course's copy
    lambda: open(Path(sys.prefix).parent / "README.md", "a").close(),  # the repository (opened, never written)
]
for attempt in attempts:
    try:
        attempt()
        print("done")
    except OSError as error:
        print("refused:", error)"""
READ_SOLUTIONS = """import json, sys
from pathlib import Path
import course
here = Path(course.__file__).resolve().parents[1] / "notebooks" / "exercises" / "solutions"
print("solutions beside the course it imports:", here.exists())
repository = Path(sys.prefix).parent  # the virtual environment's folder sits in the instructor's repository
print(json.loads((repository / "notebooks/exercises/solutions/06_scaling_out.ipynb").read_text())["cells"][3])"""
FORGE = """import os
for fd in range(1, 12):  # a verdict forged onto every descriptor the kernel might share with the grader
    try:
        os.write(fd, b'{"exercise": "6a", "status": "correct", "text": "Correct: forged"}\\n')
    except OSError:
        pass"""
HOG = "import torch\nhog = torch.empty(16 << 30, dtype=torch.uint8)  # 16 GB, past the grader's memory limit"
SPOOF = """def should_stop(val_losses, patience):
    return False


print("Correct: should_stop stops when the best val_loss is `patience` validations old.")"""

# student -> notebook file -> exercise -> ("right" | "wrong", corpus label) or ("code", cell source)
CLASS = {
    "ada": {
        "01_five_steps.ipynb": {
            "1a": ("right", "unsqueeze"),
            "1b": ("right", "zero_grad first, nn.MSELoss, detach"),
        },
        "02_vanilla_loop.ipynb": {
            "2a": ("right", "a tensor of losses"),
            "2b": ("right", "weighted by rows, inference_mode"),
        },
    },
    "ben": {
        "01_five_steps.ipynb": {
            "1a": ("wrong", "flat (N,)"),
            "1b": ("wrong", "zero_grad forgotten"),
        }
    },
    "cleo": {
        "01_five_steps.ipynb": {"1a": ("right", "view"), "1b": ("wrong", "step before backward")},
        "02_vanilla_loop.ipynb": {
            "2a": ("wrong", "train() forgotten"),
            "2b": ("wrong", "eval() forgotten"),
        },
    },
    "dev": {
        "02_vanilla_loop.ipynb": {
            "2a": ("wrong", "zero_grad forgotten"),
            "2b": ("wrong", "no_grad() forgotten"),
        }
    },
    "eli": {
        "03_refactor.ipynb": {
            "3a": ("right", "as in the solution"),
            "3b": ("wrong", "errors kept between validations"),
        }
    },
    "fay": {
        "04_dangers.ipynb": {
            "4a": ("wrong", "moves x only"),
            "4b": ("wrong", "10.0 reaches inf"),
            "4c": ("wrong", "a plain attribute"),
        }
    },
    "gus": {
        "05_saving_and_validating.ipynb": {
            "5a": ("right", "as in the solution"),
            "5b": ("wrong", "against the previous value"),
        }
    },
    "hana": {
        "06_scaling_out.ipynb": {
            "6a": ("wrong", "blocks"),
            "6b": ("wrong", "the global random state"),
        }
    },
    "ivan": {
        "01_five_steps.ipynb": {"1a": ("wrong", "float64"), "1b": ("wrong", "zero_grad forgotten")},
        "06_scaling_out.ipynb": {"6a": ("right", "by formula"), "6b": ("right", "seeded by epoch")},
    },
    "jo": {
        "homework (1).ipynb": {"1a": ("right", "reshape"), "1b": ("right", "as in the solution")}
    },
    "kim": {
        "02_vanilla_loop.ipynb": "",
        "03_refactor.ipynb": '{"cells": [{"cell_type": "code", "sou',
    },
    "leo": {
        "01_five_steps.ipynb": {"1a": ("right", "unsqueeze"), "1b": ("code", UNSTOPPABLE_LOOP)}
    },
    "mia": {"02_vanilla_loop.ipynb": {"2a": ("code", LOOP), "2b": ("right", "as in the solution")}},
    "noor": {"06_scaling_out.ipynb": {"6a": ("right", "with wraparound"), "6b": ("code", EXIT)}},
    "omar": {
        "01_five_steps.ipynb": {
            "setup": ("code", DELETE),
            "1a": ("right", "view"),
            "1b": ("right", "as in the solution"),
        }
    },
    "pat": {
        "06_scaling_out.ipynb": {"6a": ("code", READ_SOLUTIONS), "6b": ("right", "seeded by epoch")}
    },
    "quin": {"05_saving_and_validating.ipynb": {"5b": ("code", SPOOF)}},
    "ray": {"06_scaling_out.ipynb": {"6a": ("wrong", "blocks"), "setup": ("code", FORGE)}},
    "sam": {"01_five_steps.ipynb": {"1a": ("right", "unsqueeze"), "1b": ("code", HOG)}},
}
LESSON_OF = {"homework (1).ipynb": "01_five_steps.ipynb"}

# What the grader must say: student -> file -> {"exercise": [status, words], ..., "notes": words}
EXPECTED = {
    "ada": {
        "01_five_steps.ipynb": {"1a": ["correct", ""], "1b": ["correct", ""]},
        "02_vanilla_loop.ipynb": {"2a": ["correct", ""], "2b": ["correct", ""]},
    },
    "ben": {
        "01_five_steps.ipynb": {
            "1a": ["wrong", "The loss broadcasts"],
            "1b": ["wrong", "Gradients pile up"],
        }
    },
    "cleo": {
        "01_five_steps.ipynb": {"1a": ["correct", ""], "1b": ["wrong", "before loss.backward()"]},
        "02_vanilla_loop.ipynb": {"2a": ["wrong", "model.train()"], "2b": ["wrong", "eval mode"]},
    },
    "dev": {
        "02_vanilla_loop.ipynb": {
            "2a": ["wrong", "Gradients pile up"],
            "2b": ["wrong", "torch.no_grad()"],
        }
    },
    "eli": {
        "03_refactor.ipynb": {
            "3a": ["correct", ""],
            "3b": ["wrong", ""],
            "3c": ["not done yet", ""],
        }
    },
    "fay": {
        "04_dangers.ipynb": {
            "4a": ["wrong", "wrong device"],
            "4b": ["wrong", "The loss explodes"],
            "4c": ["wrong", "buffer"],
        }
    },
    "gus": {"05_saving_and_validating.ipynb": {"5a": ["correct", ""], "5b": ["wrong", ""]}},
    "hana": {"06_scaling_out.ipynb": {"6a": ["wrong", ""], "6b": ["wrong", ""]}},
    "ivan": {
        "01_five_steps.ipynb": {"1a": ["wrong", "float64"], "1b": ["wrong", "Gradients pile up"]},
        "06_scaling_out.ipynb": {"6a": ["correct", ""], "6b": ["correct", ""]},
    },
    "jo": {
        "homework (1).ipynb": {"1a": ["correct", ""], "1b": ["correct", ""], "notes": "renamed"}
    },
    "kim": {
        "02_vanilla_loop.ipynb": {
            "2a": ["error", "could not be read"],
            "2b": ["error", "could not be read"],
            "notes": "not a notebook that can be read",
        },
        "03_refactor.ipynb": {
            "3a": ["error", "could not be read"],
            "3b": ["error", "could not be read"],
            "3c": ["error", "could not be read"],
            "notes": "not a notebook that can be read",
        },
    },
    "leo": {"01_five_steps.ipynb": {"1a": ["correct", ""], "1b": ["error", ""], "notes": "limit"}},
    "mia": {"02_vanilla_loop.ipynb": {"2a": ["error", "limit"], "2b": ["correct", ""]}},
    "noor": {
        "06_scaling_out.ipynb": {
            "6a": ["error", "not allowed: cell 5 uses os._exit"],
            "6b": ["error", "kernel died"],
            "notes": "the kernel died in exercise 6b",
        }
    },
    "omar": {
        "01_five_steps.ipynb": {
            "1a": ["error", "not allowed"],
            "1b": ["error", "not allowed"],
            "notes": "imports shutil",
        }
    },
    "pat": {
        "06_scaling_out.ipynb": {
            "6a": ["error", "FileNotFoundError"],
            "6b": ["error", "not allowed"],
        }
    },
    "quin": {
        "05_saving_and_validating.ipynb": {
            "5a": ["not done yet", ""],
            "5b": ["error", "check line was changed"],
        }
    },
    "ray": {"06_scaling_out.ipynb": {"6a": ["wrong", ""], "6b": ["not done yet", ""]}},
    "sam": {"01_five_steps.ipynb": {"1a": ["correct", ""], "1b": ["error", ""]}},
}


def answer_source(exercise, kind, label, check_line):
    """The lines a student types for a corpus answer: its code and what it uses, then the names bound to it."""
    if exercise == "1a":
        return TARGETS[label]
    module, spec = CORPUS[exercise]
    answer = spec.right[label] if kind == "right" else spec.wrong[label].answer
    names = [arg.id for arg in ast.parse(check_line).body[0].value.args]
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return f"{names[0]} = {answer!r}"
    objects = answer if isinstance(answer, tuple) else (answer,)
    for obj in objects:
        if getattr(module, getattr(obj, "__name__", ""), None) is not obj:
            raise ValueError(
                f"{exercise} {label!r}: not a module-level function or class of {module.__name__}"
            )
    code = definitions(module, [obj.__name__ for obj in objects])
    binds = [
        f"{name} = {obj.__name__}" for name, obj in zip(names, objects) if name != obj.__name__
    ]
    return code + ("\n\n\n" + "\n".join(binds) if binds else "")


def definitions(module, wanted):
    """The module's imports and its top-level definitions that `wanted` needs, in the module's order."""
    tree = ast.parse(inspect.getsource(module))
    defined = {}
    for node in tree.body:
        for name in _names_defined(node):
            defined[name] = node
    needed, todo = set(), list(wanted)
    while todo:
        name = todo.pop()
        if name in needed or name not in defined or "Exercise(" in ast.unparse(defined[name]):
            continue
        needed.add(name)
        todo += [n.id for n in ast.walk(defined[name]) if isinstance(n, ast.Name)]
    source = inspect.getsource(module)
    used = {
        node.id for name in needed for node in ast.walk(defined[name]) if isinstance(node, ast.Name)
    }
    imports = []  # only what the definitions use, as a student would import it
    for node in tree.body:
        if (
            isinstance(node, (ast.Import, ast.ImportFrom))
            and getattr(node, "module", "") != "staff.exercise_corpus"
        ):
            names = [
                alias for alias in node.names if (alias.asname or alias.name.split(".")[0]) in used
            ]
            if names:
                node.names = names
                imports.append(ast.unparse(node))
    # the corpus's own tables
    nodes = [
        node
        for node in tree.body
        if set(_names_defined(node)) & needed
        and "Exercise(" not in ast.get_source_segment(source, node)
    ]
    body = [ast.get_source_segment(source, node, padded=False) for node in nodes]
    decorated = [_with_decorators(source, node, text) for node, text in zip(nodes, body)]
    return "\n".join(imports) + "\n\n\n" + "\n\n\n".join(decorated)


def _with_decorators(source, node, text):
    lines = source.splitlines()
    if getattr(node, "decorator_list", None):
        first = node.decorator_list[0].lineno - 1
        return "\n".join(lines[first : node.lineno - 1]) + "\n" + text
    return text


def _names_defined(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [
            n.id for target in node.targets for n in ast.walk(target) if isinstance(n, ast.Name)
        ]
    return []


def notebook_for(lesson_file, answers):
    """The student notebook of the lesson with the answers typed in: an exercise cell becomes its exercise line, the
    answer and its check line; "setup" is a cell of the student's own put before the first exercise."""
    notebook = nbformat.read(build.EXERCISES / lesson_file, as_version=4)
    cells = []
    for cell in notebook.cells:
        exercise = build.exercise_of(cell.source) if cell.cell_type == "code" else None
        if (
            exercise
            and "setup" in answers
            and not any(build.exercise_of(c.source) for c in cells if c.cell_type == "code")
        ):
            cells.append(nbformat.v4.new_code_cell(answers["setup"][1]))
        if exercise in answers:
            kind, label = answers[exercise]
            first = cell.source.splitlines()[0]
            check_line = cell.source.strip().splitlines()[-1]
            body = label if kind == "code" else answer_source(exercise, kind, label, check_line)
            # the spoof drops the check line and prints its own verdict
            spoofed = 'print("Correct:' in body
            cell.source = f"{first}\n{body}" + ("" if spoofed else f"\n\n\n{check_line}")
        cells.append(cell)
    notebook.cells = cells
    return notebook


def write(dest):
    """Writes the class into dest and dest/expected.json; returns the number of notebooks."""
    dest = Path(dest)
    count = 0
    for student, files in CLASS.items():
        (dest / student).mkdir(parents=True, exist_ok=True)
        for name, answers in files.items():
            path = dest / student / name
            if isinstance(answers, str):
                path.write_text(answers)
            else:
                nbformat.write(notebook_for(LESSON_OF.get(name, name), answers), path)
            count += 1
    (dest / "expected.json").write_text(json.dumps(EXPECTED, indent=1))
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m staff.fake_class", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "out", metavar="OUT", type=Path, help="where to write OUT/STUDENT/NOTEBOOK.ipynb"
    )
    out = parser.parse_args(argv).out
    print(f"wrote {write(out)} notebooks in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
