"""Exercise 3's checks, beyond the corpus: the device trap's exact words, as the meta device gives them."""
import pytest

from course.exercises.refactor import NEW_TENSOR_ON_CPU, check_lit_module
from course.exercises.verdict import ExerciseError
from exercise_corpus.lesson3 import weights_on_the_cpu, with_training_step


def test_a_tensor_made_on_the_cpu_in_training_step_quotes_the_trap():
    with pytest.raises(ExerciseError) as error:
        check_lit_module(with_training_step(weights_on_the_cpu))
    trap = "Tensor on device meta is not on the expected device cpu!"
    assert str(error.value) == NEW_TENSOR_ON_CPU.format(error=trap)
