"""Exercise 6's checks, beyond the corpus: the processes the 6b check simulates differ as real ones do."""
import time

import torch

from course.exercises import scaling


def test_each_simulated_process_has_its_own_clock_and_random_state():
    seen = []
    for rank in (0, 1):
        with scaling._process(rank, start=0, epoch=0):
            seen.append((time.time(), torch.rand(1).item()))
    assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1]
    assert abs(time.time() - seen[0][0]) > 1  # the real clock is back


def test_the_sampler_in_order_is_what_6a_compares_with():
    assert scaling.CASES[-1] == (2, 5)  # fewer rows than the padding needs: the sampler starts over
