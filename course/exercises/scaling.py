"""Checks for exercise 6 (lesson 6, scaling out): dealing the rows out to processes, in order and shuffled.

No process group is needed: a shard is a pure function of (rank, world_size, epoch), so the checks call it for
every rank and look at the shards together, as DistributedSampler's would be. Each rank is called as a process of
its own would call it: with its own global random states and its own wall clock (processes start at different
times), in both orders, over several epochs.
"""
import contextlib
import math
import os
import random
import time

import numpy as np
import torch
from torch.utils.data import DistributedSampler

from course.exercises.verdict import check, correct, fail

CASES = [(10, 2), (10, 3), (7, 4), (3, 4), (2, 5)]  # (n_rows, world_size): even, padded, padded, fewer rows than
EPOCHS = 4  # processes, and so few rows that the padding repeats them more than once
SHUFFLE_FIX = ("Fix: order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)), "
               "then deal order's rows as in 6a.")


@check
def check_shard(shard):
    """Exercise 6a: shard(n_rows, rank, world_size) deals rows as DistributedSampler(shuffle=False) does."""
    __tracebackhide__ = True
    for n_rows, world_size in CASES:
        call = f"shard({n_rows}, rank, world_size={world_size})"
        shards = [_rows(shard(n_rows, rank, world_size), call) for rank in range(world_size)]
        dealt = [list(DistributedSampler(range(n_rows), world_size, rank, shuffle=False)) for rank in range(world_size)]
        if shards == dealt:
            continue
        _check_even(call, shards, n_rows, world_size)
        block = math.ceil(n_rows / world_size)
        if shards[0] == [row % n_rows for row in range(block)] and world_size > 1 and block > 1:
            fail(f"{call} hands each process a block of neighbouring rows, {shards}. Then 2 processes x batch 5 do "
                 "not see the rows 1 process x batch 10 sees. Fix: deal them like cards, rows rank, "
                 "rank + world_size, rank + 2 * world_size, ...")
        order = _interleaved(shards)
        want = [row for ranks in zip(*dealt) for row in ranks]
        if order[:n_rows] == list(range(n_rows)) and order != want:
            fail(f"{call} pads with rows {order[n_rows:]}, but DistributedSampler pads with the first rows, "
                 f"{want[n_rows:]} (and starts over when the rows run out). Fix: rows = [row % n_rows for row in "
                 "range(total)], total = ceil(n_rows / world_size) * world_size, then rows[rank::world_size].")
        fail(f"{call} returns {shards} for ranks 0 to {world_size - 1}, but DistributedSampler deals {dealt}. "
             "Fix: rows rank, rank + world_size, ..., after padding the rows with the first ones to a multiple "
             "of world_size.")
    correct(f"shard deals the rows as DistributedSampler does, padded evenly, for {len(CASES)} shapes.")


@check
def check_shuffled_shard(shuffled_shard):
    """Exercise 6b: shuffled_shard(n_rows, rank, world_size, epoch, seed) shuffles the same way on every rank,
    differently each epoch, and deals every row once (up to padding), as DistributedSampler(shuffle=True) does."""
    __tracebackhide__ = True
    _check_global_seed(shuffled_shard)
    for n_rows, world_size in CASES:
        call = f"shuffled_shard({n_rows}, rank, world_size={world_size}, epoch, seed=0)"
        orders, sets = [], []
        for epoch in range(EPOCHS):
            shards = _as_processes(shuffled_shard, n_rows, world_size, epoch, 0, start=0)
            again = _as_processes(shuffled_shard, n_rows, world_size, epoch, 0, start=1)
            _check_even(call, shards, n_rows, world_size)
            if shards != again:
                fail(f"{call} deals other rows when the processes start at other times: ranks 0 to "
                     f"{world_size - 1} get {shards} in epoch {epoch}, and {again} in a run started later. "
                     f"{_why_processes_disagree(shuffled_shard, n_rows, world_size, epoch)} {SHUFFLE_FIX}")
            order = _interleaved(shards)
            padding = len(order) - n_rows
            if sorted(order[:n_rows]) != list(range(n_rows)) or order[n_rows:] != (order[:n_rows] * world_size)[
                    :padding]:
                missing = sorted(set(range(n_rows)) - set(order))
                fail(f"{call} gives ranks 0 to {world_size - 1} {shards} in epoch {epoch}: "
                     + (f"rows {missing} are dealt to no process. " if missing else
                        "these are not one shuffled order dealt like cards, padded with its first rows. ")
                     + "Every process must draw the same order (a seed that depends on the rank breaks that), "
                     "then take its own rows of it. " + SHUFFLE_FIX)
            orders.append(order)
            sets.append([sorted(rows) for rows in shards])
        if n_rows >= 7 and all(order == orders[0] for order in orders):
            fail(f"{call} deals the same rows in every epoch, {orders[0][:n_rows]}: the model sees one order "
                 "forever. Fix: seed the shuffle with seed + epoch (what sampler.set_epoch(epoch) does).")
        if n_rows >= 7 and all(rows == sets[0] for rows in sets):
            fail(f"{call} gives each process the same rows in every epoch ({sets[0]}), only in another order: it "
                 "shuffles each process's own share, so a process never sees the other rows. Fix: shuffle all the "
                 "rows with one generator, then deal them as in 6a.")
    if all(_as_processes(shuffled_shard, n_rows, world_size, 0, 12345, start=0) ==
           _as_processes(shuffled_shard, n_rows, world_size, 0, 0, start=0) for n_rows, world_size in CASES[:3]):
        fail("shuffled_shard deals the same rows whatever its seed: the seed it is given is not used. "
             "Fix: torch.Generator().manual_seed(seed + epoch).")
    correct(f"shuffled_shard shuffles the same way on every process, however its global random state and clock "
            f"differ, anew each epoch ({EPOCHS} epochs), deals every row, and follows its seed.")


def _as_processes(shuffled_shard, n_rows, world_size, epoch, seed, start):
    """Each rank's shard, each computed as a process of its own would: its own global random states and its own
    clock, set from `start` (another start: other states, other times, ranks called in the other order)."""
    ranks = range(world_size) if start % 2 == 0 else reversed(range(world_size))
    shards = {}
    for rank in ranks:
        with _process(rank, start, epoch):
            shards[rank] = _rows(shuffled_shard(n_rows, rank, world_size, epoch, seed),
                                 f"shuffled_shard({n_rows}, {rank}, {world_size}, {epoch}, {seed})")
    return [shards[rank] for rank in range(world_size)]


@contextlib.contextmanager
def _process(rank, start, epoch, clock=True, states=True):
    """What differs from one process to another: the global random states (torch, random, NumPy), the wall clock
    (processes start seconds apart, each epoch later), and the process id."""
    offset = 1000 * start + 7 * rank + 1 if states else 0  # states=False: the same states in every process
    torch.manual_seed(offset)
    random.seed(offset)
    np.random.seed(offset)
    now = 1_700_000_000.0 + (3.7 * rank + 1000 * start + 60 * epoch if clock else 0)
    patched = {"time": lambda: now, "time_ns": lambda: int(now * 1e9), "monotonic": lambda: now,
               "perf_counter": lambda: now, "monotonic_ns": lambda: int(now * 1e9),
               "perf_counter_ns": lambda: int(now * 1e9)}
    saved = {name: getattr(time, name) for name in patched}
    saved_pid = os.getpid
    try:
        for name, function in patched.items():
            setattr(time, name, function)
        os.getpid = lambda: 4000 + (rank + 100 * start if clock else 0)
        yield
    finally:
        for name, function in saved.items():
            setattr(time, name, function)
        os.getpid = saved_pid


def _why_processes_disagree(shuffled_shard, n_rows, world_size, epoch):
    """Which difference between processes changes the shards: the clock, the global random state, or the rank."""

    def shards(clock, states, start):
        found = []
        for rank in range(world_size):
            with _process(rank, start, epoch, clock=clock, states=states):
                found.append(_rows(shuffled_shard(n_rows, rank, world_size, epoch, 0), "shuffled_shard"))
        return found

    if shards(True, False, 0) != shards(True, False, 1):
        return ("Its seed depends on the clock (time.time() or the process id): processes started a second apart "
                "shuffle differently, and some rows go to no process.")
    if shards(False, True, 0) != shards(False, True, 1):
        return ("It draws from the global random state, which differs from process to process (each seeds, "
                "initialises and draws on its own).")
    return "It gives different answers to the same question (a random seed of its own every call?)."


def _check_global_seed(shuffled_shard):
    """Seeding a global random generator inside the shard (torch.manual_seed, random.seed, np.random.seed) makes
    its answer consistent, and resets every other random draw of the process each epoch: the state after the call
    no longer depends on the state before it."""
    __tracebackhide__ = True
    after = []
    for state in (1, 2):
        torch.manual_seed(state)
        random.seed(state)
        np.random.seed(state)
        shuffled_shard(10, 0, 2, 1, 0)
        after.append((torch.get_rng_state(), random.getstate(), np.random.get_state()[1]))
    (torch_1, python_1, numpy_1), (torch_2, python_2, numpy_2) = after
    reseeded = [name for name, same in (("torch.manual_seed", torch.equal(torch_1, torch_2)),
                                        ("random.seed", python_1 == python_2),
                                        ("np.random.seed", bool((numpy_1 == numpy_2).all()))) if same]
    if reseeded:
        fail(f"shuffled_shard seeds the global random state ({reseeded[0]}(...)): every other random draw of the "
             "process (dropout, initial weights, augmentation) then restarts from that seed every epoch, which the "
             f"notebook warns against. {SHUFFLE_FIX}")


def _rows(shard, call):
    __tracebackhide__ = True
    try:
        return [int(row) for row in shard]
    except TypeError:
        fail(f"{call} returns {shard!r:.40}, not a list of row numbers. Fix: return the list of rows.")


def _interleaved(shards):
    """The order the shards were dealt from: rank 0's first row, rank 1's first row, ..."""
    return [row for ranks in zip(*shards) for row in ranks]


def _check_even(call, shards, n_rows, world_size):
    __tracebackhide__ = True
    if len({len(rows) for rows in shards}) > 1:
        fail(f"{call} gives the processes {[len(rows) for rows in shards]} rows: the one with more runs an extra "
             "step and waits forever for the others in the gradient all-reduce. Fix: pad the rows with the first "
             f"ones to a multiple of world_size, {math.ceil(n_rows / world_size)} rows each.")
    if len(shards[0]) * world_size < n_rows:
        fail(f"{call} drops rows: {len(shards[0])} per process x {world_size} processes < {n_rows}. "
             "Fix: pad with the first rows instead, as DistributedSampler does.")
    if len(shards[0]) > math.ceil(n_rows / world_size):
        fail(f"{call} gives each process {len(shards[0])} rows, more than the {math.ceil(n_rows / world_size)} "
             "it needs: every process then repeats rows every epoch. Fix: deal the rows, rank, "
             "rank + world_size, ..., after padding to a multiple of world_size.")
