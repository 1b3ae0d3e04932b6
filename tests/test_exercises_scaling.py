"""Exercise 6's checks: dealing rows to processes as DistributedSampler does, in order and shuffled."""
import math
import random

import pytest
import torch
from torch.utils.data import DistributedSampler

from course.exercises.scaling import check_shard, check_shuffled_shard
from course.exercises.verdict import ExerciseError

# Exercise 6a: in order


def dealt_with_wraparound(n_rows, rank, world_size):  # the solution's way
    total = math.ceil(n_rows / world_size) * world_size
    return [row % n_rows for row in range(total)][rank::world_size]


def asks_the_sampler(n_rows, rank, world_size):
    return torch.tensor(list(DistributedSampler(range(n_rows), world_size, rank, shuffle=False)))


@pytest.mark.parametrize("shard", [dealt_with_wraparound, asks_the_sampler])
def test_right_shards_pass(shard, capsys):
    check_shard(shard)
    assert capsys.readouterr().out.startswith("Correct: ")


def blocks(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    rows = [row % n_rows for row in range(per_process * world_size)]
    return rows[rank * per_process:(rank + 1) * per_process]


def unpadded(n_rows, rank, world_size):
    return list(range(n_rows))[rank::world_size]


def tail_dropped(n_rows, rank, world_size):
    return list(range(n_rows // world_size * world_size))[rank::world_size]


@pytest.mark.parametrize("shard, message", [
    (blocks, "shard(10, rank, world_size=2) hands each process a block of neighbouring rows"),
    (unpadded, "shard(10, rank, world_size=3) gives the processes [4, 3, 3] rows: the one with more runs an extra step "
               "and waits forever"),
    (tail_dropped, "shard(10, rank, world_size=3) drops rows"),
], ids=["blocks", "unequal shares", "tail dropped"])
def test_wrong_shard_is_named(shard, message):
    with pytest.raises(ExerciseError) as error:
        check_shard(shard)
    assert str(error.value).startswith(message)


# Exercise 6b: shuffled


def seeded_by_epoch(n_rows, rank, world_size, epoch, seed):  # the solution's way
    order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)).tolist()
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def python_random_seeded_by_epoch(n_rows, rank, world_size, epoch, seed):
    order = list(range(n_rows))
    random.Random(seed + epoch).shuffle(order)
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def asks_the_shuffling_sampler(n_rows, rank, world_size, epoch, seed):
    sampler = DistributedSampler(range(n_rows), world_size, rank, shuffle=True, seed=seed)
    sampler.set_epoch(epoch)
    return list(sampler)


@pytest.mark.parametrize("shuffled_shard", [seeded_by_epoch, python_random_seeded_by_epoch,
                                            asks_the_shuffling_sampler])
def test_right_shuffled_shards_pass(shuffled_shard, capsys):
    check_shuffled_shard(shuffled_shard)
    assert capsys.readouterr().out.startswith("Correct: ")


def global_random_state(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows).tolist()
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def seeded_by_rank(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, seed + 100 * rank)


def no_set_epoch(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, 0, seed)


@pytest.mark.parametrize("shuffled_shard, message", [
    (global_random_state, "shuffled_shard(10, rank, world_size=2, epoch, seed=0) does not deal every row"),
    (seeded_by_rank, "shuffled_shard(10, rank, world_size=2, epoch, seed=0) does not deal every row"),
    (no_set_epoch, "shuffled_shard(10, rank, world_size=2, epoch, seed=0) deals the same rows in epoch 0 and epoch 1"),
], ids=["global random state", "seeded by rank", "same every epoch"])
def test_wrong_shuffled_shard_is_named(shuffled_shard, message):
    with pytest.raises(ExerciseError) as error:
        check_shuffled_shard(shuffled_shard)
    assert str(error.value).startswith(message)
