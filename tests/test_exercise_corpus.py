"""Audits every exercise check with staff/exercise_corpus/: each right answer, written differently from the
solution, passes (no false fail); each wrong answer fails with a message naming its mistake and the fix (no false
pass, no mistake named wrongly). The README states the corpus's counts; a test keeps them true.

A wrong answer that names the GPU (.cuda()) meets torch's words for "no GPU here", which differ by build: the CPU build
(`make`) and PyPI's CUDA build on a machine without a driver (`make TORCH=cuda`). Both are simulated, whichever build is
installed, by the facts torch.cuda._lazy_init reads, and the verdict must be the same, torch's quoted words aside."""

import functools
import re
from pathlib import Path

import nbformat
import pytest
import torch

from course.exercises import build
from course.exercises.verdict import ExerciseError
from staff.exercise_corpus import (
    answers,
    cells,
    lesson1,
    lesson2,
    lesson3,
    lesson4,
    lesson5,
    lesson5b,
    lesson6,
    lesson7,
    lesson8,
    lesson9,
)

EXERCISES = [
    exercise
    for lesson in (
        lesson1,
        lesson2,
        lesson3,
        lesson4,
        lesson5,
        lesson5b,
        lesson6,
        lesson7,
        lesson8,
        lesson9,
    )
    for exercise in lesson.EXERCISES
]
RIGHT, WRONG = answers(EXERCISES, "right"), answers(EXERCISES, "wrong")
README = Path(__file__).resolve().parents[1] / "README.md"
NAMES_THE_GPU = [
    (e, label, wrong) for e, label, wrong in WRONG if "names the GPU itself" in wrong.mistake
]
# What .cuda() and device="cuda" raise on a machine without a GPU: both come from torch.cuda._lazy_init.
CPU_BUILD = "Torch not compiled with CUDA enabled"  # an AssertionError: torch._C has no CUDA
# a RuntimeError from torch._C._cuda_init
NO_DRIVER = (
    "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver "
    "from http://www.nvidia.com/Download/index.aspx"
)


# 8's old names
@pytest.mark.filterwarnings("ignore:`precision=(16|bf16)` is supported for historical reasons")
@pytest.mark.parametrize(
    "exercise, label, answer", RIGHT, ids=[f"{e.name}: {label}" for e, label, _ in RIGHT]
)
def test_right_answer_passes(exercise, label, answer, capsys):
    try:
        exercise.run(answer)
    except ExerciseError as error:
        pytest.fail(
            f"false fail: exercise {exercise.name}, right answer {label!r} was told: {error}"
        )
    said = capsys.readouterr().out.splitlines()
    assert said and "Correct: " in said[-1], said  # after what the answer itself printed


# 8's old names
@pytest.mark.filterwarnings("ignore:`precision=(16|bf16)` is supported for historical reasons")
@pytest.mark.parametrize(
    "exercise, label, wrong", WRONG, ids=[f"{e.name}: {label}" for e, label, _ in WRONG]
)
def test_wrong_answer_is_named_with_its_fix(exercise, label, wrong, capsys):
    try:
        exercise.run(wrong.answer)
    except ExerciseError as error:
        message = str(error)
    else:
        pytest.fail(
            f"false pass: exercise {exercise.name}, wrong answer {label!r}: {capsys.readouterr().out}"
        )
    assert wrong.mistake in message, f"the mistake is not named: {message}"
    assert "Fix:" in message and wrong.fix in message.split("Fix:", 1)[1], (
        f"the fix is not given: {message}"
    )
    pasted = [line for line in solution_lines(exercise.name) if line in message.split("Fix:", 1)[1]]
    assert not pasted, f"the fix pastes the solution's code {pasted}: {message}"


@functools.cache
def solution_lines(exercise):
    """The code lines of an exercise's worked answer (between BEGIN and END SOLUTION), comments cut, the short ones
    (`x, y = batch`, `return loss`) left out: a message may name an API, never paste the answer."""
    for path in build.solution_paths():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and build.exercise_of(cell.source) == exercise:
                inside, lines = False, []
                for line in cell.source.splitlines():
                    if line.strip() in (build.BEGIN, build.END):
                        inside = line.strip() == build.BEGIN
                    elif inside:
                        code = line.split("  #")[0].strip()
                        if (
                            len(code) >= 16
                            and not code.startswith("#")
                            and not re.fullmatch(r"[\w.]+\(\)", code)
                        ):
                            lines.append(code)
                return lines
    return []


def as_the_cpu_build(monkeypatch):
    """torch as its CPU build is, whichever is installed: torch._C without CUDA."""
    monkeypatch.delattr(torch._C, "_cuda_getDeviceCount", raising=False)
    return AssertionError, CPU_BUILD


def as_the_cuda_build_without_a_driver(monkeypatch):
    """torch as PyPI's CUDA build is on a machine without an NVIDIA driver: torch._C has CUDA, sees no device,
    and torch._C._cuda_init raises the driver's error."""

    def no_driver():
        raise RuntimeError(NO_DRIVER)

    monkeypatch.setattr(torch._C, "_cuda_getDeviceCount", lambda: 0, raising=False)
    monkeypatch.setattr(torch._C, "_cuda_init", no_driver, raising=False)
    # the CUDA runtime's bindings
    monkeypatch.setattr(torch.cuda, "_cudart", torch.cuda._cudart or object())
    return RuntimeError, NO_DRIVER


BUILDS = [as_the_cpu_build, as_the_cuda_build_without_a_driver]


def skip_if_cuda_is_in_use():
    # then .cuda() no longer calls torch.cuda._lazy_init: nothing to simulate
    if torch.cuda.is_initialized():
        pytest.skip("CUDA is already initialised in this process")


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize(
    "use",
    [lambda: torch.ones(1).cuda(), lambda: torch.ones(1, device=torch.device("cuda"))],
    ids=[".cuda()", "device=cuda"],
)
def test_each_simulated_build_raises_its_own_words_where_there_is_no_gpu(build, use, monkeypatch):
    skip_if_cuda_is_in_use()
    error, words = build(monkeypatch)
    assert not torch.cuda.is_available()
    with pytest.raises(error) as raised:
        use()
    assert str(raised.value) == words


def test_the_corpus_names_the_gpu_in_lessons_3_and_4():
    assert sorted(exercise.name for exercise, _, _ in NAMES_THE_GPU) == ["3a", "4a", "4c"]


@pytest.mark.parametrize(
    "exercise, label, wrong",
    NAMES_THE_GPU,
    ids=[f"{e.name}: {label}" for e, label, _ in NAMES_THE_GPU],
)
def test_naming_the_gpu_has_one_verdict_in_the_cpu_build_and_a_cuda_build_without_a_driver(
    exercise, label, wrong
):
    skip_if_cuda_is_in_use()
    verdicts = []
    for simulate in BUILDS:
        with pytest.MonkeyPatch.context() as monkeypatch:
            _, words = simulate(monkeypatch)
            with pytest.raises(ExerciseError) as raised:
                exercise.run(wrong.answer)
        message = str(raised.value)
        assert words in message, f"{simulate.__name__}: torch's words are not quoted: {message}"
        assert wrong.mistake in message and wrong.fix in message.split("Fix:", 1)[1], (
            f"{simulate.__name__}: {message}"
        )
        verdicts.append(message.replace(words, "<torch's words>"))
    assert verdicts[0] == verdicts[1]


def test_every_exercise_has_a_corpus_of_8_right_and_15_wrong_answers():
    in_notebooks = {
        build.exercise_of(cell.source)
        for path in build.solution_paths()
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    } - {None}
    assert {exercise.name for exercise in EXERCISES} == in_notebooks
    for exercise in EXERCISES:
        blind = [answer for answer in BLIND_ANSWERS if answer.exercise == exercise.name]
        right = len(exercise.right) + sum(answer.kind == "right" for answer in blind)
        wrong = len(exercise.wrong) + sum(answer.kind == "wrong" for answer in blind)
        assert right >= 8 and wrong >= 15, (exercise.name, right, wrong)


def counts_line():
    """The README's sentence: the whole corpus after the fixes, and each blind round before its own fixes."""
    rounds = sorted({answer.path.parent.parent.name for answer in BLIND_ANSWERS})
    right = len(RIGHT) + sum(answer.kind == "right" for answer in BLIND_ANSWERS)
    wrong = len(WRONG) + sum(answer.kind == "wrong" for answer in BLIND_ANSWERS)
    return (
        f"{right} right answers and {wrong} wrong ones over {len(EXERCISES)} exercises, {len(BLIND_ANSWERS)} of "
        f"them written blind in {len(rounds)} rounds: false passes 0, false fails 0, wrong or unclear names 0. "
        "Before their fixes, "
        + "; ".join(
            f"{name.replace('round', 'round ')}"
            f"{' (the last)' if name == rounds[-1] else ''}: {before(name)}"
            for name in rounds
        )
    )


def before(round_name):
    """A blind round's counts before its fixes, from its judgement."""
    rows = judged(round_name)
    count = {
        kind: sum(row["before_judgement"] == kind for row in rows)
        for kind in ("false pass", "false fail", "wrong name", "unclear")
    }
    return (
        f"{len(rows)} answers tried ({sum(r['kind'] == 'right' for r in rows)} right, "
        f"{sum(r['kind'] == 'wrong' for r in rows)} wrong), false passes {count['false pass']}, false fails "
        f"{count['false fail']}, wrong or unclear names {count['wrong name'] + count['unclear']}"
    )


def judged(round_name):
    """The rows of a blind round's judgement (BLIND/<round>/judged.tsv): each answer's verdict before the round's
    fixes and after, as judged by reading the answer beside the verdict."""
    lines = (BLIND / round_name / "judged.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def test_every_blind_answer_is_judged_and_none_is_judged_a_miss_after_the_fixes():
    for round_name in sorted({answer.path.parent.parent.name for answer in BLIND_ANSWERS}):
        rows = {row["file"]: row for row in judged(round_name)}
        files = {
            str(answer.path.relative_to(BLIND / round_name))
            for answer in BLIND_ANSWERS
            if answer.path.parent.parent.name == round_name
        }
        assert set(rows) == files, round_name
        assert all(row["after_judgement"] == "ok" for row in rows.values()), round_name


def test_readme_states_the_corpus_counts():
    section = (
        README.read_text()
        .split("## Exercises: check your answers on your own laptop")[1]
        .split("\n## ")[0]
    )
    assert counts_line() in re.sub(r"\s+", " ", section), (
        f"README's exercise section must say: {counts_line()}"
    )


# The answers written blind (staff/exercise_corpus/blind/<round>/<exercise>/*.py), by people who saw only the exercise
# notebook and the lesson: each is a whole exercise cell, run through its notebook as a student runs it.
BLIND = Path(cells.__file__).resolve().parent / "blind"
BLIND_ANSWERS = cells.answers_in(BLIND) if BLIND.is_dir() else []
BLIND_NOTEBOOKS = sorted({cells.notebook_of(answer.exercise).name for answer in BLIND_ANSWERS})


def test_every_blind_answer_says_what_it_is_and_each_wrong_one_what_its_verdict_must_name():
    assert BLIND_ANSWERS, BLIND
    for answer in BLIND_ANSWERS:
        assert answer.kind in ("right", "wrong") and answer.what, answer.path
        assert answer.kind == "right" or answer.expect, (
            f"{answer.path}: a wrong answer needs its #| expect: line"
        )
        assert build.exercise_of(answer.source) == answer.exercise, (
            f"{answer.path}: the cell is not its folder's"
        )


@functools.cache
def blind_verdicts():
    """Every blind answer's verdict, all notebooks run once, two at a time (the tests of one file share a worker)."""
    return cells.run(BLIND_ANSWERS, jobs=2)


@pytest.mark.blind
@pytest.mark.parametrize("notebook", BLIND_NOTEBOOKS)
def test_blind_answers_right_ones_pass_and_wrong_ones_are_named(notebook):
    answers = [
        answer for answer in BLIND_ANSWERS if cells.notebook_of(answer.exercise).name == notebook
    ]
    said = blind_verdicts()
    misses = []
    for answer in answers:
        status, text = said[str(answer.path)]
        if answer.kind == "right" and status != "correct":
            misses.append(
                f"false fail: {answer.path.relative_to(BLIND)} ({answer.what}): {status}: {text}"
            )
        elif answer.kind == "wrong" and status == "correct":
            misses.append(f"false pass: {answer.path.relative_to(BLIND)} ({answer.what}): {text}")
        elif answer.kind == "wrong" and answer.expect not in text:
            misses.append(
                f"not named: {answer.path.relative_to(BLIND)} ({answer.what}) expects "
                f"{answer.expect!r}: {text}"
            )
        elif (
            any(line in text.split("Fix:", 1)[-1] for line in solution_lines(answer.exercise))
            and "Fix:" in text
        ):
            misses.append(f"the fix pastes the solution: {answer.path.relative_to(BLIND)}: {text}")
    assert not misses, "\n".join(misses)
