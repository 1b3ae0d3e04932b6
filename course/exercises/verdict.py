"""What a check says: one `Correct: ...` line, or an ExerciseError that names the mistake and its fix."""


class ExerciseError(AssertionError):
    """A wrong answer. The message names the mistake and says how to fix it, in one or two sentences."""


def fail(message):
    """Stops the check with the message alone: no chained traceback from the error that revealed the mistake."""
    __tracebackhide__ = True  # pytest and IPython hide the frames of checks: the traceback shows the cell, the message
    raise ExerciseError(message) from None


def correct(message):
    print(f"Correct: {message}")
