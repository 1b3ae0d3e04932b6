"""Checks for exercise 6 (lesson 6, scaling out): dealing the rows out to processes, in order and shuffled.

No process group is needed: a shard is a pure function of (rank, world_size, epoch), so the checks call it for
every rank and look at the shards together, as DistributedSampler's would be.
"""
import math

import torch
from torch.utils.data import DistributedSampler

from course.exercises.verdict import correct, fail

CASES = [(10, 2), (10, 3), (7, 4), (3, 4)]  # (n_rows, world_size): even, padded, padded, fewer rows than processes


def check_shard(shard):
    """Exercise 6a: shard(n_rows, rank, world_size) deals rows as DistributedSampler(shuffle=False) does."""
    __tracebackhide__ = True
    for n_rows, world_size in CASES:
        shards = [_rows(shard(n_rows, rank, world_size)) for rank in range(world_size)]
        dealt = [list(DistributedSampler(range(n_rows), world_size, rank, shuffle=False)) for rank in range(world_size)]
        if shards == dealt:
            continue
        call = f"shard({n_rows}, rank, world_size={world_size})"
        _check_even(call, shards, n_rows, world_size)
        block = math.ceil(n_rows / world_size)
        if shards[0] == list(range(block)):
            fail(f"{call} hands each process a block of neighbouring rows, {shards}. Then 2 processes x batch 5 do "
                 "not see the rows 1 process x batch 10 sees. Fix: deal them like cards, rows rank, "
                 "rank + world_size, rank + 2 * world_size, ...")
        fail(f"{call} returns {shards} for ranks 0 to {world_size - 1}, but DistributedSampler deals {dealt}. "
             "Fix: rows rank, rank + world_size, ..., after padding the rows with the first ones to a multiple "
             "of world_size.")
    correct(f"shard deals the rows as DistributedSampler does, padded evenly, for {len(CASES)} shapes.")


def check_shuffled_shard(shuffled_shard):
    """Exercise 6b: shuffled_shard(n_rows, rank, world_size, epoch, seed) shuffles the same way on every rank,
    differently each epoch, and deals every row once (up to padding)."""
    __tracebackhide__ = True
    for n_rows, world_size in CASES:
        call = f"shuffled_shard({n_rows}, rank, world_size={world_size}, epoch, seed=0)"
        epochs = []
        for epoch in (0, 1):
            shards = [_rows(shuffled_shard(n_rows, rank, world_size, epoch, 0)) for rank in range(world_size)]
            torch.manual_seed(epoch + 1000)  # a different global random state in every process, as in real life
            again = [_rows(shuffled_shard(n_rows, rank, world_size, epoch, 0)) for rank in range(world_size)]
            _check_even(call, shards, n_rows, world_size)
            if shards != again or set(sum(shards, [])) != set(range(n_rows)):
                fail(f"{call} does not deal every row: ranks 0 to {world_size - 1} get {shards}, and a second call "
                     f"gives {again}. Every process shuffles on its own, so all of them must draw the same order. "
                     "Fix: torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)), "
                     "never the global random state nor a seed that depends on the rank.")
            epochs.append(shards)
        if epochs[0] == epochs[1] and n_rows > world_size:
            fail(f"{call} deals the same rows in epoch 0 and epoch 1, {epochs[0]}: the model sees one order "
                 "forever. Fix: seed the shuffle with seed + epoch (what sampler.set_epoch(epoch) does).")
    correct("shuffled_shard shuffles the same way on every process, anew each epoch, and deals every row.")


def _rows(shard):
    return [int(row) for row in shard]


def _check_even(call, shards, n_rows, world_size):
    __tracebackhide__ = True
    if len({len(rows) for rows in shards}) > 1:
        fail(f"{call} gives the processes {[len(rows) for rows in shards]} rows: the one with more runs an extra "
             "step and waits forever for the others in the gradient all-reduce. Fix: pad the rows with the first "
             f"ones to a multiple of world_size, {math.ceil(n_rows / world_size)} rows each.")
    if len(shards[0]) * world_size < n_rows:
        fail(f"{call} drops rows: {len(shards[0])} per process x {world_size} processes < {n_rows}. "
             "Fix: pad with the first rows instead, as DistributedSampler does.")
