"""Exercise 4's checks, beyond the corpus: the advice a wrong learning rate gets leads to a right one; the device
messages quote the error a GPU would give."""

import pytest

from course.exercises.dangers import check_learning_rate
from course.exercises.verdict import ExerciseError


@pytest.mark.parametrize("lr", [1e6, 10.0, 1.0, 0.7, 0.5, 0.45, 0.05, 0.01, 0.001, 1e-6])
def test_following_a_wrong_rates_advice_reaches_a_right_one(lr, capsys):
    """The message says smaller or larger, "a few times at a time", and never gives the rate: three times smaller
    (or larger) at each try, always in the direction it says, reaches a rate the check accepts."""
    direction = None
    for _ in range(25):
        try:
            check_learning_rate(lr)
        except ExerciseError as error:
            fix = str(error).split("Fix:", 1)[1]
            said = "smaller" if "smaller" in fix else "larger" if "larger" in fix else None
            assert said, f"lr={lr:g}: the fix says neither smaller nor larger: {error}"
            assert direction in (None, said), (
                f"lr={lr:g}: the advice turned from {direction} to {said}"
            )
            assert not any(ch.isdigit() for ch in fix), f"the fix gives a number, the answer: {fix}"
            direction = said
            lr = lr / 3 if said == "smaller" else lr * 3
        else:
            assert capsys.readouterr().out.startswith(f"Correct: with lr={lr:g}")
            return
    pytest.fail(
        f"25 tries in the direction the message says did not reach a right rate (last: {lr:g})"
    )


def test_the_device_message_quotes_the_error_a_gpu_would_give():
    from course.exercises.dangers import check_device_step
    from staff.exercise_corpus.lesson4 import moves_nothing

    with pytest.raises(
        ExerciseError, match='"Tensor on device meta is not on the expected device cpu!"'
    ):
        check_device_step(moves_nothing)
