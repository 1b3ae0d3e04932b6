"""Exercise 4's checks, beyond the corpus: every learning rate a message suggests passes the check itself."""
import re

import pytest

from course.exercises.dangers import check_learning_rate
from course.exercises.verdict import ExerciseError


@pytest.mark.parametrize("lr", [1e6, 10.0, 1.0, 0.7, 0.5, 0.05, 0.01, 0.001, 1e-6])
def test_the_rate_a_wrong_one_suggests_works(lr, capsys):
    with pytest.raises(ExerciseError) as error:
        check_learning_rate(lr)
    suggested = float(re.search(r"\((?:try )?([\d.e-]+)\)|e\.g\. ([\d.e-]+)\.", str(error.value)).group(1) or
                      re.search(r"e\.g\. ([\d.e-]+)\.", str(error.value)).group(1))
    check_learning_rate(suggested)
    assert capsys.readouterr().out.startswith(f"Correct: with lr={suggested:g}")


def test_the_device_message_quotes_the_error_a_gpu_would_give():
    from course.exercises.dangers import check_device_step
    from exercise_corpus.lesson4 import moves_nothing

    with pytest.raises(ExerciseError, match='"Tensor on device meta is not on the expected device cpu!"'):
        check_device_step(moves_nothing)
