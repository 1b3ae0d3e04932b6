"""Whether the course's checks are still the course's code: the grader runs report() after each exercise cell.

A student's cell could replace a check (`check_train_step = lambda f: print("Correct: ...")`), patch one of the
course's functions (`five_steps.check_train_step.__code__ = ...`), rebind a name a check uses to another function
(`five_steps.fail = ...`), or patch what the checks rely on (`torch.allclose`, `print`, IPython's way of showing an
error). report() compares:
- every function of the course's packages loaded in this kernel with the code compiled afresh from its file (which
  the submission cannot write), and every name a module of the course binds at its top level (def, class, import
  from the course, a constant) with what its source binds it to;
- the names the check lines call with the course's functions;
- torch's, torch.nn.functional's and builtins' functions, torch.Tensor's and nn.Module's methods, IPython's shell
  and sys's streams and hooks with what they were when the kernel started (snapshot(), from IPython's start-up
  file, before any student code).
It runs in the student's own process, so code written to defeat it can: the grader also reads the notebook's source
for such changes, and staff/INSTRUCTORS.md says what is left.
"""

import ast
import builtins
import os
import sys
import types

PRINT = builtins.print
# the folder of the course's packages
COURSE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRUSTED = tuple(os.path.join(folder, "") for folder in {COURSE, sys.prefix, sys.base_prefix})
# what dataclasses writes, from strings
GENERATED = {
    "__init__",
    "__repr__",
    "__eq__",
    "__hash__",
    "__setattr__",
    "__delattr__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__getstate__",
    "__setstate__",
}
HOOKS = ("stdout", "stderr", "displayhook", "excepthook")
_compiled, _bindings, _started = {}, {}, []


def snapshot():
    """What the checks rely on outside the course, as the kernel starts: [(owner, name, value)]."""
    import torch
    import torch.nn.functional
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell

    for owner in (
        builtins,
        torch,
        torch.nn.functional,
        torch.Tensor,
        torch.nn.Module,
        InteractiveShell,
    ):
        _started.extend(
            (owner, name, value) for name, value in list(vars(owner).items()) if callable(value)
        )
    _started.extend((sys, name, getattr(sys, name)) for name in HOOKS)
    shell = get_ipython()
    if shell is not None:
        _started.append((shell, "__dict__", set(vars(shell))))


def codes(path):
    """{(name, first line): code object} of every function in the file, compiled afresh (once per file)."""
    if path not in _compiled:
        with open(path, encoding="utf-8") as file:
            found, todo = {}, [compile(file.read(), path, "exec")]
        while todo:
            code = todo.pop()
            found[code.co_name, code.co_firstlineno] = code
            todo += [const for const in code.co_consts if isinstance(const, types.CodeType)]
        _compiled[path] = found
    return _compiled[path]


def bindings(path, package):
    """What the file's top level binds: {name: ("def", None) | ("import", (module, attribute)) | ("constant", value)},
    imports only from the course's packages (relative ones resolved against package)."""
    if path not in _bindings:
        with open(path, encoding="utf-8") as file:
            tree = ast.parse(file.read())
        found = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found[node.name] = ("def", None)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:  # from .probe import x, inside course.exercises
                    parts = package.split(".")
                    module = ".".join(parts[: len(parts) - node.level + 1] + [module]).strip(".")
                for alias in node.names:
                    found[alias.asname or alias.name] = ("import", (module, alias.name))
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                try:
                    value = ast.literal_eval(node.value)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    continue
                if isinstance(
                    value, (str, bytes, int, float, complex, tuple, frozenset, type(None))
                ):
                    # not a list or dict the module fills
                    found[node.targets[0].id] = ("constant", value)
        _bindings[path] = found
    return _bindings[path]


def same_code(function, seen=()):
    """Whether a function's code is what its file, in the course or the Python installation (both read-only for a
    submission), compiles to, and so are the functions it wraps (a decorator's closure: contextmanager, torch's)."""
    code = function.__code__
    path = code.co_filename
    if path == "<string>":
        trusted = code.co_name in GENERATED
    elif not (path.endswith(".py") and path.startswith(TRUSTED)):
        return False
    else:
        trusted = codes(path).get((code.co_name, code.co_firstlineno)) == code
    inner = [cell.cell_contents for cell in function.__closure__ or () if _full(cell)]
    return trusted and all(
        same_code(value, seen + (function,))
        for value in inner
        if isinstance(value, types.FunctionType) and value not in seen
    )


def student_made(value, depth=0):
    """Whether a callable comes from the notebook rather than from a read-only file: a function whose code is not
    the course's or the installation's, an object of a class defined outside them, or a partial or bound method of
    such a function."""
    if depth > 5:
        return True
    if isinstance(value, types.FunctionType):
        return value.__code__.co_filename == "<string>" or not same_code(value)
    inner = getattr(value, "func", None) or getattr(value, "__func__", None)
    if inner is not None and inner is not value:
        return student_made(inner, depth + 1)
    if (
        isinstance(value, (types.BuiltinFunctionType, types.BuiltinMethodType, types.ModuleType))
        or value is None
    ):
        return False
    kind = value if isinstance(value, type) else type(value)
    path = getattr(sys.modules.get(kind.__module__), "__file__", None)
    return kind.__module__ != "builtins" and not (
        isinstance(path, str) and path.startswith(TRUSTED)
    )


def _full(cell):
    try:
        cell.cell_contents
    except ValueError:  # a closure's variable not yet assigned
        return False
    return True


def functions(module):
    """(where, function, expected qualified name) for the module's own functions and its classes' methods."""
    for name, value in list(vars(module).items()):
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            yield f"{module.__name__}.{name}", value, None
        elif isinstance(value, type) and value.__module__ == module.__name__:
            for attribute, method in list(vars(value).items()):
                method = getattr(method, "__func__", method)
                if isinstance(method, types.FunctionType):
                    yield (
                        f"{module.__name__}.{name}.{attribute}",
                        method,
                        f"{value.__qualname__}.{attribute}",
                    )


def course_modules():
    """(name, module, its file) of every module loaded from the course's packages (course, task, the versions)."""
    for name, module in sorted(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if (
            isinstance(path, str)
            and path.endswith(".py")
            and path.startswith(os.path.join(COURSE, ""))
        ):
            yield name, module, path


def changes(namespace, names):
    """What is no longer the course's: a list of short descriptions, empty when everything is intact."""
    found = []
    for name in names:
        value = namespace.get(name)
        module = sys.modules.get(getattr(value, "__module__", None) or "")
        if (
            module is None
            or not module.__name__.startswith("course.")
            or getattr(module, name, None) is not value
        ):
            found.append(f"{name} is not the course's check")
    for module_name, module, path in course_modules():
        for where, function, qualified in functions(module):
            if not same_code(function) or (qualified and function.__qualname__ != qualified):
                found.append(f"{where} was changed")
        package = module_name if path.endswith("__init__.py") else module_name.rpartition(".")[0]
        for name, (kind, expected) in bindings(path, package).items():
            if not _bound_as(module, name, kind, expected):
                found.append(f"{module_name}.{name} was rebound")
    for owner, name, value in _started:
        # IPython's shell: a method shadowed on the instance by the notebook's code
        if name == "__dict__":
            shadows = {
                key
                for key in set(vars(owner)) - value
                if callable(getattr(type(owner), key, None)) and student_made(vars(owner)[key])
            }
            found += [f"IPython's {key} was replaced" for key in sorted(shadows)]
            continue
        now = getattr(owner, name, None) if owner is sys else vars(owner).get(name)
        # ipykernel and Lightning replace some too, from their files
        if now is not value and student_made(now):
            found.append(f"{getattr(owner, '__name__', owner)}.{name} was replaced")
    if builtins.print is not PRINT:
        found.append("print was replaced")
    if type(sys.stdout).__module__ != "ipykernel.iostream":
        found.append("sys.stdout was replaced")
    return found


def _bound_as(module, name, kind, expected):
    if not hasattr(module, name):
        # a name bound under a condition (try/except) may be missing; a def may not
        return kind != "def"
    value = getattr(module, name)
    if kind == "def":
        return (
            getattr(value, "__module__", None) == module.__name__
            and getattr(value, "__qualname__", None) == name
        )
    if kind == "import":
        source, attribute = expected
        origin = sys.modules.get(source)
        if origin is None or not source.startswith(
            ("course", "task", "vanilla", "lightning_version", "fabric_version")
        ):
            return True  # not the course's: torch and the rest are watched through snapshot()
        return value is getattr(origin, attribute, None) or value is sys.modules.get(
            f"{source}.{attribute}"
        )
    return type(value) is type(expected) and value == expected


def report(namespace, names):
    found = changes(namespace, names)
    PRINT(
        "changed: " + "; ".join(found[:3]) if found else "intact: the checks are the course's own",
        flush=True,
    )
