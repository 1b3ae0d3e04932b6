"""What a graded notebook's code may use: the grader reads every cell's source before it trusts a "Correct:".

A check runs in the student's own kernel, so code that reaches into the kernel (IPython's shell, sys.modules, a
function's globals, code hidden in strings) could make a check say "Correct:" for a wrong answer. Rather than list
the ways in, this lists what the exercises need, and anything else sets the notebook aside for the instructor to
read. Allowed:
- imports of the modules below (ALLOWED), and from the course's checks only what the exercise notebook imports;
- from `os` only what files need (OS_ALLOWED); IPython's %time, %timeit and %matplotlib (their code is read too);
- attributes that start with "_" only on the notebook's own objects (self._step), and of the double-underscore
  ones only those in DUNDERS; a class may define the special methods in SPECIAL;
- assigning an attribute of an imported module only under torch.backends (cudnn.deterministic and the like).
Everything else is reported, in two kinds: "tampering" (a check name rebound, an attribute of an imported module
changed, a class that answers for torch's functions) and "not allowed" (what could hide tampering: another import,
exec, getattr, get_ipython, a private attribute of a module, other magics and shell commands).
Every right answer the course knows (737 written blind, the corpus, the solutions) passes; tests/test_grade.py.
"""

import ast

from course.exercises import check

ALLOWED = {
    "torch",
    "numpy",
    "math",
    "random",
    "itertools",
    "functools",
    "collections",
    "contextlib",
    "io",
    "statistics",
    "dataclasses",
    "typing",
    "copy",
    "time",
    "pathlib",
    "tempfile",
    "json",
    "csv",
    "operator",
    "abc",
    "enum",
    "warnings",
    "lightning",
    "pytorch_lightning",
    "torchmetrics",
    "matplotlib",
    "task",
    "vanilla",
    "lightning_version",
    "fabric_version",
    "course",
    "os",
}
OS_ALLOWED = {
    "path",
    "replace",
    "remove",
    "rename",
    "makedirs",
    "mkdir",
    "getcwd",
    "listdir",
    "fspath",
    "getpid",
    "sep",
    "unlink",
    "scandir",
    "walk",
    "stat",
    "fsync",
    "environ",
    "cpu_count",
    "PathLike",
    "rmdir",
}
DUNDERS = {"__init__", "__name__", "__call__", "__len__", "__doc__", "__qualname__"}
SPECIAL = {
    "__init__",
    "__call__",
    "__len__",
    "__getitem__",
    "__iter__",
    "__next__",
    "__repr__",
    "__str__",
    "__enter__",
    "__exit__",
    "__post_init__",
}
MAGICS = {"time", "timeit", "matplotlib"}
BUILTINS = {
    "exec",
    "eval",
    "compile",
    "__import__",
    "globals",
    "vars",
    "locals",
    "getattr",
    "setattr",
    "delattr",
    "get_ipython",
    "breakpoint",
    "__builtins__",
}
TORCH_UNSAFE = {"cpp_extension", "load_inline", "load_library", "ctypeslib", "hub", "package"}


def findings(sources, called, given):
    """[(kind, text)] for a notebook's code cells (sources, in order): kind "tampering" or "not allowed".
    called: the names its check lines call; given: what its exercise notebook imports from the course."""
    found, imported = [], set()
    cells = [(index, check.cell_tree(source)) for index, source in enumerate(sources)]
    for index, tree in cells:
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported |= _imports(node, index, called, given, found)
    for index, tree in cells:
        _read(tree, index, called, imported, found, given)
    return list(dict.fromkeys(found))


def _imports(node, index, called, given, found):
    """The names an import binds, each import judged."""
    bound = set()
    module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
    for alias in node.names:
        top = (module or alias.name).split(".")[0]
        name = alias.asname or (alias.name if module else alias.name.split(".")[0])
        bound.add(name)
        if isinstance(node, ast.ImportFrom) and node.level:
            found.append(
                ("not allowed", f"cell {index} imports relatively ({'.' * node.level}{module})")
            )
        elif top not in ALLOWED:
            found.append(
                ("not allowed", f"cell {index} imports {top}, which graded exercises do not need")
            )
        elif top == "course" and (
            not module or alias.name not in given or alias.asname not in (None, alias.name)
        ):
            found.append(
                (
                    "not allowed",
                    f"cell {index} imports {alias.name} from the course's checks, which the "
                    "exercise does not give",
                )
            )
        elif name in called and top != "course":
            found.append(
                (
                    "tampering",
                    f"cell {index} imports something else as {name}, a check the lesson calls",
                )
            )
    return bound


def _read(tree, index, called, imported, found, given):
    magics = (
        [node for node in ast.walk(tree) if isinstance(node, ast.Call) and _is_magic(node)]
        if tree
        else []
    )
    inside = {id(part) for node in magics for part in ast.walk(node)}  # read by _magic, not as code
    for node in magics:
        _magic(node, index, called, imported, found, given)
    for node in ast.walk(tree) if tree else ():
        if id(node) in inside:
            continue
        if isinstance(node, ast.Name) and node.id in BUILTINS:
            found.append(
                ("not allowed", f"cell {index} uses {node.id}, code the grader cannot read")
            )
        elif isinstance(node, ast.Attribute):
            root = _root(node)
            if node.attr.startswith("__") and node.attr not in DUNDERS:
                found.append(
                    ("not allowed", f"cell {index} uses {node.attr}, which reaches inside Python")
                )
            elif root in imported and (
                node.attr.startswith("_")
                and not node.attr.startswith("__")
                or node.attr in TORCH_UNSAFE
                or (root == "os" and _first(node) not in OS_ALLOWED)
            ):
                found.append(("not allowed", f"cell {index} uses {ast.unparse(node)[:60]}"))
        elif (
            isinstance(node, ast.keyword)
            and node.arg == "weights_only"
            and not (isinstance(node.value, ast.Constant) and node.value.value is True)
        ):
            found.append(
                (
                    "not allowed",
                    f"cell {index} loads with weights_only other than True (unpickling runs code)",
                )
            )
        elif (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.startswith("__")
            and node.name not in SPECIAL
        ):
            found.append(
                (
                    "tampering",
                    f"cell {index} defines {node.name}, which changes how Python treats objects",
                )
            )
        elif isinstance(node, ast.ClassDef) and any(
            ast.unparse(base).endswith("Tensor") for base in node.bases
        ):
            found.append(
                ("tampering", f"cell {index} defines {node.name}, a tensor that answers for torch")
            )
        for name in _bound(node):
            if name in called:
                found.append(
                    ("tampering", f"cell {index} rebinds {name}, a check the lesson calls")
                )
        for target in _changed(node):
            root = _root(target)
            if root in imported and not ast.unparse(target).startswith("torch.backends."):
                found.append(("tampering", f"cell {index} changes {ast.unparse(target)[:60]}"))


def _is_magic(node):
    """IPython's %magic or !shell, as a cell reads once IPython has turned it into Python:
    get_ipython().run_line_magic(NAME, CODE), run_cell_magic(NAME, LINE, CODE), system(COMMAND)."""
    function = node.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr in ("run_line_magic", "run_cell_magic", "system", "getoutput")
        and isinstance(function.value, ast.Call)
        and isinstance(function.value.func, ast.Name)
        and function.value.func.id == "get_ipython"
    )


def _magic(node, index, called, imported, found, given):
    """An allowed magic has its code read as the cell's; any other magic or a shell command is not allowed."""
    name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
    if node.func.attr in ("system", "getoutput") or name not in MAGICS:
        shown = "a shell command" if node.func.attr in ("system", "getoutput") else f"%{name}"
        found.append(("not allowed", f"cell {index} runs {shown}"))
        return
    for argument in node.args[1:]:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            tree = check.cell_tree(argument.value)
            for inner in ast.walk(tree) if tree else ():
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    imported |= _imports(inner, index, called, given, found)
            _read(tree, index, called, imported, found, given)


def _bound(node):
    """Names a statement binds other than by import (def, class, assignment, loop and with targets, ...)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    targets = {ast.Assign: lambda: node.targets, ast.Delete: lambda: node.targets}.get(type(node))
    targets = (
        targets()
        if targets
        else [node.target]
        if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr))
        else [item.optional_vars for item in node.items if item.optional_vars]
        if isinstance(node, (ast.With, ast.AsyncWith))
        else []
    )
    return [
        name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)
    ]


def _changed(node):
    """Attribute and item targets a statement assigns or deletes (each element of a tuple target)."""
    targets = (
        list(node.targets)
        if isinstance(node, (ast.Assign, ast.Delete))
        else [node.target]
        if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor))
        else []
    )
    found = []
    while targets:
        target = targets.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            targets += target.elts
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            found.append(target)
    return found


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _first(node):
    """The attribute right after the root name: "path" in os.path.join."""
    attribute = None
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        attribute = node.attr if isinstance(node, ast.Attribute) else attribute
        node = node.func if isinstance(node, ast.Call) else node.value
    return attribute
