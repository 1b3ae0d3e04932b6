"""Exercise 6's checks, beyond the corpus: 6b asks the ranks in real processes that differ as real ones do, from a
snapshot of the student's function that holds it as a fresh process would; where it cannot, it simulates them."""

import os
import threading
import time

import pytest
import torch

from course.exercises import scaling
from course.exercises.verdict import ExerciseError
from staff.exercise_corpus import lesson6

CALLS = []


def counts_its_calls(n_rows, rank, world_size, epoch, seed):
    CALLS.append(rank)
    return [len(CALLS)]


def hashes_a_string(n_rows, rank, world_size, epoch, seed):
    return [hash("shuffle") % 1000]


def parent_and_own_process(n_rows, rank, world_size, epoch, seed):
    return [os.getppid(), os.getpid()]


LOCK = threading.Lock()


# a global that cannot travel to another process
def reads_a_lock(n_rows, rank, world_size, epoch, seed):
    with LOCK:
        return lesson6.seeded_by_epoch(
            n_rows, rank, world_size, epoch, seed + hash("shuffle") % 1000
        )


def test_each_simulated_process_has_its_own_clock_random_state_process_id_and_hash_salt():
    seen = []
    for rank in (0, 1):
        with scaling._process(rank, start=0, epoch=0):
            seen.append(
                (time.time(), torch.rand(1).item(), os.getpid(), hash("shuffle"), hash((1, 2)))
            )
    assert all(a != b for a, b in zip(seen[0][:4], seen[1][:4]))
    assert seen[0][4] == seen[1][4] == hash((1, 2))  # numbers hash alike in every process
    # the real ones are back
    assert abs(time.time() - seen[0][0]) > 1 and hash("shuffle") != seen[0][3]


def test_neighbouring_ranks_run_in_two_real_processes_with_their_own_hash_salts_the_worker_started_once():
    world = scaling._World(hashes_a_string)
    world.ready()
    assert world.workers is not None, "the worker did not start"
    salted = world.shards(1, 3, epoch=0, seed=0)
    # this process, the worker, this one
    assert salted[0] == salted[2] == [hash("shuffle") % 1000] != salted[1]
    # a later run swaps
    assert world.shards(1, 3, epoch=0, seed=0, start=1) == [salted[1], salted[0], salted[1]]
    processes = scaling._World(parent_and_own_process)
    processes.ready()
    assert processes.workers[1] is world.workers[1]  # started once, reused by later checks
    # the process ids the ranks are given are simulated; their parents are not
    with scaling._process(0, 0, 0):
        (_, _), (parent, _) = (
            processes.shards(1, 2, epoch=0, seed=0)[0],
            processes.shards(1, 2, 0, 0)[1],
        )
    assert parent == os.getpid() and os.getppid() != parent


def test_a_snapshot_holds_the_function_as_a_fresh_process_would():
    CALLS.clear()
    snapshot = scaling._snapshot(counts_its_calls)
    counts_its_calls(1, 0, 1, 0, 0)
    fresh = scaling._rebuild(snapshot)
    # its own copy of CALLS, empty at first
    assert fresh(1, 0, 1, 0, 0) == [1] and fresh(1, 0, 1, 0, 0) == [2]
    assert CALLS == [0]  # the original's is untouched


def test_a_function_that_cannot_travel_is_simulated_here_with_salted_hashes():
    world = scaling._World(reads_a_lock)
    world.ready()
    assert world.snapshot is None and world.workers is None
    with pytest.raises(ExerciseError, match="differs only in its hash salt"):
        scaling.check_shuffled_shard(reads_a_lock)


def test_where_no_process_can_start_every_rank_is_simulated_in_this_one(monkeypatch):
    def refused():
        raise OSError("no process may be started here")

    monkeypatch.setattr(scaling, "_pool", refused)
    scaling.check_shuffled_shard(lesson6.seeded_by_epoch)
    with pytest.raises(ExerciseError, match="differs only in its hash salt"):
        scaling.check_shuffled_shard(lesson6.seeded_by_a_hashed_string)


def test_what_the_function_prints_in_the_worker_does_not_reach_the_answers(capfd):
    scaling.check_shuffled_shard(lesson6.numpy_generator_with_global_draws)  # prints in every call
    said = capfd.readouterr().out.splitlines()
    assert said[-1].startswith("Correct: ") and all(
        line.startswith(("epoch", "Correct")) for line in said
    )


def test_the_sampler_in_order_is_what_6a_compares_with():
    assert scaling.CASES[-1] == (2, 5)  # fewer rows than the padding needs: the sampler starts over
