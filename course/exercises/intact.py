"""Whether the course's checks are still the course's code: the grader runs report() after each exercise cell.

A student's cell could replace a check (`check_train_step = lambda f: print("Correct: ...")`), patch one of the
course's functions (`five_steps.check_train_step.__code__ = ...`) or the `print` the checks use. report() compares
every function of the course's packages loaded in this kernel with the code compiled afresh from its file (which
the submission cannot write), the names the check lines call with the course's functions, and `print` and
`sys.stdout` with what they were when the kernel started. It runs in the student's own process, so code written
to defeat it can: the grader also reads the notebook's source for such changes, and INSTRUCTORS.md says what is left.
"""
import builtins
import os
import sys
import types

PRINT = builtins.print
COURSE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder of the course's packages
TRUSTED = tuple(os.path.join(folder, "") for folder in {COURSE, sys.prefix, sys.base_prefix})
GENERATED = {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__",
             "__gt__", "__ge__", "__getstate__", "__setstate__"}  # what dataclasses writes, from strings
_compiled = {}


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
    return trusted and all(same_code(value, seen + (function,)) for value in inner
                           if isinstance(value, types.FunctionType) and value not in seen)


def _full(cell):
    try:
        cell.cell_contents
    except ValueError:  # a closure's variable not yet assigned
        return False
    return True


def functions(module):
    """(where, function) for the module's own functions and its classes' methods."""
    for name, value in list(vars(module).items()):
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            yield f"{module.__name__}.{name}", value
        elif isinstance(value, type) and value.__module__ == module.__name__:
            for attribute, method in list(vars(value).items()):
                method = getattr(method, "__func__", method)
                if isinstance(method, types.FunctionType):
                    yield f"{module.__name__}.{name}.{attribute}", method


def changes(namespace, names):
    """What is no longer the course's: a list of short descriptions, empty when everything is intact."""
    found = []
    for name in names:
        value = namespace.get(name)
        module = sys.modules.get(getattr(value, "__module__", None) or "")
        if module is None or not module.__name__.startswith("course.") or getattr(module, name, None) is not value:
            found.append(f"{name} is not the course's check")
    for module_name, module in sorted(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not (module_name == "course" or module_name.startswith("course.")) or not path or \
                not path.endswith(".py"):
            continue
        for where, function in functions(module):
            if not same_code(function):
                found.append(f"{where} was changed")
    if builtins.print is not PRINT:
        found.append("print was replaced")
    if type(sys.stdout).__module__ != "ipykernel.iostream":
        found.append("sys.stdout was replaced")
    return found


def report(namespace, names):
    found = changes(namespace, names)
    PRINT("changed: " + "; ".join(found[:3]) if found else "intact: the checks are the course's own", flush=True)
