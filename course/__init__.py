"""Course tooling around the two versions: the side-by-side comparison, the diff view, notebook helpers."""

import contextlib
import io
import logging


def quiet():
    """Hide Lightning's device banner, tips and per-process messages so printed output is the same on every machine,
    and the warnings a run gives by design (common.cli.ignore_known_warnings, as the command lines do).

    Lightning sets its logger's level when it is imported, so this must run after `import lightning`:
    it imports lightning first to make the order right wherever it is called.
    """
    import lightning  # noqa: F401

    from common.cli import ignore_known_warnings

    ignore_known_warnings()
    for name in ("lightning.pytorch", "lightning.fabric"):
        logging.getLogger(name).setLevel(logging.WARNING)


@contextlib.contextmanager
def silent():
    """Swallows what a run prints (the loop's print lines, Lightning's progress bar, whose timings vary), so a
    notebook cell shows only what the lesson prints after it."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def show_source(obj):
    """Renders an object's source in a notebook, read from the package so the page cannot drift from the code."""
    import inspect

    from IPython.display import Markdown, display

    display(Markdown(f"```python\n{inspect.getsource(obj)}```"))


def print_logs(name):
    """Sends a package's log lines (e.g. the vanilla loop's) to stdout, once, without timestamps."""
    import sys

    logger = logging.getLogger(name)
    logger.setLevel(logging.INFO)
    if not any(getattr(handler, "course", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.course = True
        logger.addHandler(handler)
