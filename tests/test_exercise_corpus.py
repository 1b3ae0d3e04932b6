"""Audits every exercise check with tests/exercise_corpus/: each right answer, written differently from the
solution, passes (no false fail); each wrong answer fails with a message naming its mistake and the fix (no false
pass, no mistake named wrongly). The README states the corpus's counts; a test keeps them true.

A wrong answer that names the GPU (.cuda()) meets torch's words for "no GPU here", which differ by build: the CPU build
(`make`) and PyPI's CUDA build on a machine without a driver (`make TORCH=cuda`). Both are simulated, whichever build is
installed, by the facts torch.cuda._lazy_init reads, and the verdict must be the same, torch's quoted words aside."""
import re
from pathlib import Path

import nbformat
import pytest
import torch

from course.exercises import build
from course.exercises.verdict import ExerciseError
from exercise_corpus import answers, lesson1, lesson2, lesson3, lesson4, lesson5, lesson5b, lesson6, lesson7, lesson8

EXERCISES = [exercise for lesson in (lesson1, lesson2, lesson3, lesson4, lesson5, lesson5b, lesson6, lesson7, lesson8)
             for exercise in lesson.EXERCISES]
RIGHT, WRONG = answers(EXERCISES, "right"), answers(EXERCISES, "wrong")
README = Path(__file__).resolve().parents[1] / "README.md"
NAMES_THE_GPU = [(e, label, wrong) for e, label, wrong in WRONG if "names the GPU itself" in wrong.mistake]
# What .cuda() and device="cuda" raise on a machine without a GPU: both come from torch.cuda._lazy_init.
CPU_BUILD = "Torch not compiled with CUDA enabled"  # an AssertionError: torch._C has no CUDA
NO_DRIVER = ("Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver "
             "from http://www.nvidia.com/Download/index.aspx")  # a RuntimeError from torch._C._cuda_init


@pytest.mark.parametrize("exercise, label, answer", RIGHT, ids=[f"{e.name}: {label}" for e, label, _ in RIGHT])
def test_right_answer_passes(exercise, label, answer, capsys):
    try:
        exercise.run(answer)
    except ExerciseError as error:
        pytest.fail(f"false fail: exercise {exercise.name}, right answer {label!r} was told: {error}")
    said = capsys.readouterr().out.splitlines()
    assert said and "Correct: " in said[-1], said  # after what the answer itself printed


@pytest.mark.parametrize("exercise, label, wrong", WRONG, ids=[f"{e.name}: {label}" for e, label, _ in WRONG])
def test_wrong_answer_is_named_with_its_fix(exercise, label, wrong, capsys):
    try:
        exercise.run(wrong.answer)
    except ExerciseError as error:
        message = str(error)
    else:
        pytest.fail(f"false pass: exercise {exercise.name}, wrong answer {label!r}: {capsys.readouterr().out}")
    assert wrong.mistake in message, f"the mistake is not named: {message}"
    assert "Fix:" in message and wrong.fix in message.split("Fix:", 1)[1], f"the fix is not given: {message}"


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
    monkeypatch.setattr(torch.cuda, "_cudart", torch.cuda._cudart or object())  # the CUDA runtime's bindings
    return RuntimeError, NO_DRIVER


BUILDS = [as_the_cpu_build, as_the_cuda_build_without_a_driver]


def skip_if_cuda_is_in_use():
    if torch.cuda.is_initialized():  # then .cuda() no longer calls torch.cuda._lazy_init: nothing to simulate
        pytest.skip("CUDA is already initialised in this process")


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("use", [lambda: torch.ones(1).cuda(), lambda: torch.ones(1, device=torch.device("cuda"))],
                         ids=[".cuda()", "device=cuda"])
def test_each_simulated_build_raises_its_own_words_where_there_is_no_gpu(build, use, monkeypatch):
    skip_if_cuda_is_in_use()
    error, words = build(monkeypatch)
    assert not torch.cuda.is_available()
    with pytest.raises(error) as raised:
        use()
    assert str(raised.value) == words


def test_the_corpus_names_the_gpu_in_lessons_3_and_4():
    assert sorted(exercise.name for exercise, _, _ in NAMES_THE_GPU) == ["3a", "4a", "4c"]


@pytest.mark.parametrize("exercise, label, wrong", NAMES_THE_GPU,
                         ids=[f"{e.name}: {label}" for e, label, _ in NAMES_THE_GPU])
def test_naming_the_gpu_has_one_verdict_in_the_cpu_build_and_a_cuda_build_without_a_driver(exercise, label, wrong):
    skip_if_cuda_is_in_use()
    verdicts = []
    for simulate in BUILDS:
        with pytest.MonkeyPatch.context() as monkeypatch:
            _, words = simulate(monkeypatch)
            with pytest.raises(ExerciseError) as raised:
                exercise.run(wrong.answer)
        message = str(raised.value)
        assert words in message, f"{simulate.__name__}: torch's words are not quoted: {message}"
        assert wrong.mistake in message and wrong.fix in message.split("Fix:", 1)[1], f"{simulate.__name__}: {message}"
        verdicts.append(message.replace(words, "<torch's words>"))
    assert verdicts[0] == verdicts[1]


def test_every_exercise_has_a_corpus_of_3_right_and_8_wrong_answers():
    in_notebooks = {build.exercise_of(cell.source) for path in build.solution_paths()
                    for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"} - {None}
    assert {exercise.name for exercise in EXERCISES} == in_notebooks
    for exercise in EXERCISES:
        assert len(exercise.right) >= 3 and len(exercise.wrong) >= 8, exercise.name


def counts_line():
    return (f"{len(RIGHT)} right answers written differently from the solutions and {len(WRONG)} wrong answers "
            f"over {len(EXERCISES)} exercises: false passes 0, false fails 0")


def test_readme_states_the_corpus_counts():
    section = README.read_text().split("## Exercises: check your answers on your own laptop")[1].split("\n## ")[0]
    assert counts_line() in re.sub(r"\s+", " ", section), f"README's exercise section must say: {counts_line()}"
