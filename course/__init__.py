"""Course tooling around the two versions: the side-by-side comparison, the diff view, notebook helpers."""
import logging


def quiet():
    """Hide Lightning's device banner and tips so printed output is the same on every machine.

    Lightning sets its logger's level when it is imported, so this must run after `import lightning`:
    it imports lightning first to make the order right wherever it is called.
    """
    import lightning  # noqa: F401

    logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)
