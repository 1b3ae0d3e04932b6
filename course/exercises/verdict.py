"""What a check says: one `Correct: ...` line, or an ExerciseError that names the mistake and its fix.

A student never sees a frame of the checking code. In Jupyter an ExerciseError shows as its message alone (IPython
prints what an exception's `_render_traceback_` returns instead of a traceback; `__tracebackhide__` only hides
frames from pytest). An error the student's own code raised while a check ran it shows the student's frames only,
with the error line; an error whose cause is a known mistake becomes an ExerciseError that explains it.
Every check leaves the global random states as it found them, so checking a cell changes nothing after it.
"""

import functools
import random
import re
import sysconfig
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

CHECKS = str(Path(__file__).resolve().parent)
LIBRARIES = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
)
RED, RESET = "\x1b[0;31m", "\x1b[0m"


# What a student, the terminal check and the grader are told about an exercise: one of these words, and a line.
STATUSES = ("correct", "wrong", "not done yet", "not checked", "error")


@dataclass
class Verdict:
    exercise: str  # "1b"; "cell 7" or "notebook" for an error outside an exercise
    status: str  # one of STATUSES
    text: str  # what the check said, or why there is no verdict

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"a verdict's status is one of {STATUSES}, not {self.status!r}")

    def cell(self):
        """The grader's CSV cell: correct, not done yet, or the status and the mistake's name."""
        if self.status in ("correct", "not done yet"):
            return self.status
        return f"{self.status}: {mistake_name(self.text)}"


def mistake_name(text):
    """A verdict's text cut to the words that name it, at a word: "WRONG: Gradients pile up: ..." ->
    "Gradients pile up"."""
    text = re.sub(r"^(WRONG|not done yet|not checked yet|your code raised):?\s*", "", text.strip())
    name = re.split(r"(?<=[^\s]): |\. |; ", text, maxsplit=1)[0].strip().rstrip(".")
    if len(name) <= 70:
        return name
    return name[:68].rsplit(" ", 1)[0].rstrip(" ,;:") + "..."


class ExerciseError(AssertionError):
    """A wrong answer. The message names the mistake and says how to fix it, in one or two sentences."""

    # what Jupyter shows instead of the traceback: the message, no frame
    def _render_traceback_(self):
        return [f"{RED}WRONG:{RESET} {self}"]


def fail(message):
    """Stops the check with the message alone: no chained traceback from the error that revealed the mistake."""
    __tracebackhide__ = (
        True  # pytest hides the frames of checks; in Jupyter, ExerciseError._render_traceback_ does
    )
    raise ExerciseError(message) from None


def correct(message):
    print(f"Correct: {message}")


# What torch says where code names the GPU (.cuda(), device="cuda") and there is none. The words depend on the build:
# the CPU build raises AssertionError("Torch not compiled with CUDA enabled"); PyPI's CUDA build on a machine
# without a driver raises RuntimeError("Found no NVIDIA driver on your system. ..."), and with a driver but no
# visible GPU "No CUDA GPUs are available". Every check says the same verdict for all of them.
NO_GPU = (
    r"Torch not compiled with CUDA enabled|Found no NVIDIA driver|No CUDA GPUs are available|"
    r"No supported gpu backend found"
)

# Errors PyTorch raises for a mistake a student really makes, with what it means and the fix.
KNOWN_ERRORS = [
    (
        r"Trying to backward through the graph a second time",
        "loss.backward() runs twice on the same loss: the first call frees the graph, so the second has nothing to go "
        'back through (and with retain_graph=True the gradients would add up twice) (lesson 1, "`backward()` adds into '
        "`.grad`\"). Fix: one backward pass per step, on that step's loss.",
    ),
    (
        r"element 0 of tensors does not require grad",
        "the loss has no graph, so backward cannot reach the weights: it was computed under torch.no_grad(), or "
        'detached (.detach(), .item(), a new torch.tensor(...)) before the backward pass (lesson 1, "One step by '
        "hand\"). Fix: call backward on the loss as the model's output gave it, with autograd on.",
    ),
    (
        r"a leaf Variable that requires grad is being used in an in-place operation",
        "a weight is changed in place while autograd records (p -= lr * p.grad outside torch.no_grad()) (lesson 1, "
        '"The same step with `nn` and `optim`"). Fix: let the optimizer you were given change the weights, with its '
        "step().",
    ),
    (
        r"(?i)(double.*float|float.*double|must have the same dtype|expected scalar type (Float|Double))",
        "float64 meets float32: the model's weights are float32 (torch's default), but a tensor made from NumPy or "
        'from Python floats with dtype=torch.float64 is float64 (lesson 1, "Data with a known answer"). Fix: make '
        "that tensor float32 too.",
    ),
    (
        r"mat1 and mat2 shapes cannot be multiplied",
        "the model got inputs with another number of columns than it has inputs (nn.Linear(n_features, 1)) (lesson 1, "
        '"Data with a known answer"). Fix: give the model the batch\'s inputs, shape (batch, n_features), and build '
        "it with that n_features.",
    ),
    (
        r"Can't call numpy\(\) on Tensor that requires grad",
        'a tensor with a graph is turned into NumPy (lesson 2, "The code"). Fix: take one number with .item(), or '
        "detach the tensor first.",
    ),
    (
        r"Expected all tensors to be on the same device|is not on the expected device",
        "two tensors on different devices meet in one operation: one was made or moved elsewhere than the others "
        '(.cuda(), .cpu(), device=...) (lesson 4, "Danger 1: the device trap"). Fix: make or move every tensor to '
        "where the batch is, the device you were given.",
    ),
    (
        NO_GPU,
        'the code names the GPU itself (.cuda(), device="cuda"), and this machine has none (lesson 4, "Danger 1: '
        'the device trap"). Fix: use the device you were given, or the one the model is on.',
    ),
]


def explain(error):
    """An ExerciseError's message for an error whose cause is a known mistake; None for any other error."""
    for pattern, meaning in KNOWN_ERRORS:
        if re.search(pattern, str(error)):
            return f'Your code raised {type(error).__name__} ("{first_line(error)}"): {meaning}'
    return None


def names_the_gpu(error):
    """Whether an error comes from code that names the GPU itself: where there is none, torch's words for that
    (NO_GPU, in whichever build); where there is one, a tensor on cuda:0 meeting one elsewhere."""
    text = str(error)
    return bool(re.search(NO_GPU, text)) or "cuda" in text.lower() or "nvidia" in text.lower()


def first_line(error):
    """The first line of an error's message, to quote torch's own words in a verdict."""
    return (str(error).strip().splitlines() or [""])[0]


def check(function):
    """Every check_... function: leaves the random states as it found them, turns a known error into its
    explanation, and shows any other error with the student's frames only."""

    @functools.wraps(function)
    def checked(*args, **kwargs):
        __tracebackhide__ = True
        states = torch.get_rng_state(), random.getstate(), np.random.get_state()
        try:
            return function(*args, **kwargs)
        except ExerciseError:
            raise
        except Exception as error:
            explained = explain(error)
            if explained:
                fail(explained)
            hide_checking_frames(error, function.__name__)
            raise
        finally:
            torch.set_rng_state(states[0])
            random.setstate(states[1])
            np.random.set_state(states[2])

    return checked


def hide_checking_frames(error, check_name):
    """Makes IPython show `error` with the student's frames only (the cell, then the student's code and what it
    called), and a line saying which check ran it."""

    def render():
        frames = student_frames(error.__traceback__)
        lines = ["Traceback (your code only):\n"] + traceback.format_list(frames) if frames else []
        lines += traceback.format_exception_only(type(error), error)
        lines.append(f"({check_name} ran your code, which raised this error.)\n")
        return "".join(lines).rstrip("\n").split("\n")

    try:
        error._render_traceback_ = render
    except AttributeError:  # an exception type without a __dict__: IPython shows it as it is
        pass


def student_frames(tb):
    """The frames of a traceback a student should see: those above the first check frame (the cell that called
    the check, IPython's own frames left out), then, from the first frame of the student's own code below it,
    every frame but a check's."""
    frames = traceback.extract_tb(tb)
    checking = [index for index, frame in enumerate(frames) if _is_check(frame.filename)]
    if not checking:
        return list(frames)
    first = checking[0]
    student = next(
        (index for index in range(first, len(frames)) if _is_students(frames[index].filename)), None
    )
    below = (
        []
        if student is None
        else [frame for frame in frames[student:] if not _is_check(frame.filename)]
    )
    return [frame for frame in frames[:first] if _is_students(frame.filename)] + below


def _is_check(filename):
    return filename.startswith(CHECKS)


# neither a check nor a library (IPython's own frames, torch, lightning)
def _is_students(filename):
    return not _is_check(filename) and not filename.startswith(LIBRARIES)
