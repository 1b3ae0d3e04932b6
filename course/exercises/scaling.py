"""Checks for exercise 6 (lesson 6, scaling out): dealing the rows out to processes, in order (6a) and shuffled (6b).

No process group is needed: a shard is a pure function of (rank, world_size, epoch, seed), so the checks ask every
rank and look at the shards together, as DistributedSampler's would be.

6a asks the ranks in this process and compares with DistributedSampler(shuffle=False), for 5 shapes.

6b asks the ranks in two real processes, as DDP runs them: this one and a worker process, started by the first check
and reused by later ones, with another hash salt (PYTHONHASHSEED); neighbouring ranks are asked in different ones (a
run started later swaps them), each call with its own global random states, wall clock and process id (processes
start seconds apart). Two are enough to see what differs between processes, and one worker starts in a second or two
(it imports torch) where one per rank would take several times that. The student's function reaches both as a
snapshot taken before the check first calls it: its code, and the globals it reads (the student's own functions by
value, anything else pickled), so each holds it as a freshly started process would; more fresh copies show what a
function keeps from one call to the next. Where no process can be started or the function
cannot be copied, each rank is simulated in this process instead, hash() of strings salted per simulated process.
When the ranks disagree, the check changes one difference between processes at a time (a second call, the clock, the
process id, the global random state, the hash salt, the rank, another real process) and names the one that changes
the rows.
"""

import atexit
import builtins
import contextlib
import dis
import functools
import importlib
import marshal
import math
import os
import pickle
import random
import subprocess
import sys
import time
import types

import numpy as np
import torch
from torch.utils.data import DistributedSampler

from course.exercises.verdict import check, correct, fail

# (n_rows, world_size): even, padded, padded, fewer rows than
CASES = [(10, 2), (10, 3), (7, 4), (3, 4), (2, 5)]
EPOCHS = 4  # processes, and so few rows that the padding repeats them more than once
SEEDS = (0, 12345)

DEAL = '(lesson 6, "Two processes of 5 rows are one process of 10")'
DDP = '(lesson 6, "What DDP adds, on each side")'
PROCESSES = '(lesson 6, "Starting the processes")'
TRAP = '(lesson 6, "The sampler trap")'
OWN_GENERATOR = (
    "Fix: draw the order from a torch.Generator of its own, seeded from seed and epoch alone, then deal "
    "that order's rows as in 6a."
)


@check
def check_shard(shard):
    """Exercise 6a: shard(n_rows, rank, world_size) deals rows as DistributedSampler(shuffle=False) does."""
    __tracebackhide__ = True
    snapshot = _snapshot(shard)  # before any call: the function as a fresh process has it
    for n_rows, world_size in CASES:
        call = f"shard({n_rows}, rank, world_size={world_size})"
        shards = [_rows(shard(n_rows, rank, world_size), call) for rank in range(world_size)]
        again = _rows(shard(n_rows, 0, world_size), call)
        if again != shards[0]:
            fail(
                f"shard({n_rows}, 0, world_size={world_size}) gives {shards[0]} the first time and {again} when asked "
                "again: it keeps something from one call to the next (a list as a default argument, a global), so "
                f"what a process gets depends on the calls before it {DEAL}. Fix: build the rows anew in every "
                "call, from its own arguments alone."
            )
        dealt = _sampler(n_rows, world_size)
        if shards == dealt:
            continue
        if snapshot is not None:
            fresh = _rebuild(snapshot)
            if [
                _rows(fresh(n_rows, rank, world_size), call) for rank in range(world_size)
            ] == dealt:
                fail(
                    f"{call} deals the rows right when it is asked first, but returns {shards} after the calls "
                    "for other shapes before it: it keeps something from an earlier call (a cache, a global) that "
                    f"does not fit this one {DEAL}. Fix: work out the rows from the call's own arguments, or key "
                    "anything you keep by all three of them."
                )
        _name_the_deal(call, shards, dealt, n_rows, world_size)
    correct(
        f"shard deals the rows as DistributedSampler does, padded evenly, for {len(CASES)} shapes."
    )


def _name_the_deal(call, shards, dealt, n_rows, world_size):
    """Fails with what differs between the student's shards and DistributedSampler's (shuffle=False)."""
    __tracebackhide__ = True
    if world_size > 1 and all(shards[rank] == dealt[rank + 1] for rank in range(world_size - 1)):
        fail(
            f"{call} gives process 0 the rows DistributedSampler deals to process 1, {shards[0]}, process 1 those "
            "of process 2, and so on: the ranks are counted one off. Ranks run from 0 to world_size - 1, and "
            f"process 0 takes the first row {DEAL}. Fix: let process rank start at row number rank itself, with no "
            "shift."
        )
    order = _dealt_order(shards)
    total = math.ceil(n_rows / world_size) * world_size
    if n_rows < len(order) < total and order == [row % n_rows for row in range(len(order))]:
        fail(
            f"{call} gives the processes {[len(rows) for rows in shards]} rows: it pads with the first rows once, "
            f"{len(order) - n_rows} rows where {total - n_rows} are needed to reach {total}, so a process runs "
            f"short and the others wait for it forever in the gradient all-reduce {DDP}. Fix: when the padding "
            f"needs more rows than there are, keep taking the first rows again, from row 0, until every process "
            f"has {total // world_size}."
        )
    _check_even(call, shards, n_rows, world_size)
    block = len(shards[0])
    padded = [row % n_rows for row in range(total)]
    if (
        world_size > 1
        and block > 1
        and all(
            shards[rank] == padded[rank * block : (rank + 1) * block] for rank in range(world_size)
        )
    ):
        fail(
            f"{call} hands each process a block of neighbouring rows, {shards}: then 2 processes with batches of "
            f"5 do not see, step by step, the rows 1 process with batches of 10 sees {DEAL}. Fix: deal the rows "
            "like cards: each process takes every world_size-th row, starting at its own rank."
        )
    want = _dealt_order(dealt)
    if order[:n_rows] == list(range(n_rows)) and order != want:
        fail(
            f"{call} pads with rows {order[n_rows:]}, but DistributedSampler pads with the first rows, "
            f"{want[n_rows:]} (starting over from row 0 when they run out) {DDP}. Fix: pad with the rows from "
            "the start of the dataset again, in order, starting over at row 0 when they run out."
        )
    if all(sorted(mine) == sorted(theirs) for mine, theirs in zip(shards, dealt)):
        rank = next(rank for rank in range(world_size) if shards[rank] != dealt[rank])
        fail(
            f"{call} gives process {rank} the right rows in another order, {shards[rank]} instead of "
            f"{dealt[rank]}: without shuffling, DistributedSampler deals the rows in their order {DEAL}. "
            "Fix: keep the rows in their order, dealt one by one like cards, without shuffling."
        )
    fail(
        f"{call} returns {shards} for ranks 0 to {world_size - 1}, but DistributedSampler deals {dealt} {DEAL}. "
        "Fix: pad the rows with the first ones again to a multiple of world_size, then deal them like cards, "
        "process 0 first."
    )


@check
def check_shuffled_shard(shuffled_shard):
    """Exercise 6b: shuffled_shard(n_rows, rank, world_size, epoch, seed), its ranks asked in two real processes,
    shuffles the same way on every rank, differently each epoch, follows its seed, and deals every row once (up to
    padding), as DistributedSampler(shuffle=True) does."""
    __tracebackhide__ = True
    # the snapshot first, then the worker starts while this process checks
    world = _World(shuffled_shard)
    try:
        _check_global_seed(shuffled_shard)
        world.ready()
        _check_processes_agree(world)
    # perhaps in the middle of an answer: the worker starts over
    except (KeyboardInterrupt, SystemExit):
        world.abandon()
        raise
    correct(
        f"shuffled_shard shuffles the same way on every process ({world.how}), anew each epoch ({EPOCHS} "
        "epochs), deals every row once up to padding, and follows its seed."
    )


def _check_processes_agree(world):
    __tracebackhide__ = True
    by_epoch = {}
    for n_rows, world_size in CASES:
        call = f"shuffled_shard({n_rows}, rank, world_size={world_size}, epoch, seed=0)"
        orders, sets = [], []
        for epoch in range(EPOCHS):
            shards = world.shards(n_rows, world_size, epoch, 0, start=0)
            _check_even(call, shards, n_rows, world_size)
            again = world.shards(n_rows, world_size, epoch, 0, start=1)
            if shards != again or not _one_order(shards, n_rows):
                _why_processes_disagree(world, call, n_rows, world_size, epoch, shards, again)
            orders.append(_dealt_order(shards))
            sets.append([sorted(rows) for rows in shards])
        by_epoch[n_rows, world_size] = orders
        if n_rows >= 7 and all(order == orders[0] for order in orders):
            other = [
                _dealt_order(world.shards(n_rows, world_size, epoch, SEEDS[1]))
                for epoch in range(EPOCHS)
            ]
            if all(order == other[0] for order in other):
                fail(
                    f"{call} deals the same rows in every epoch, {orders[0][:n_rows]}: the model sees them in one "
                    f"order forever, which sampler.set_epoch(epoch) exists to prevent {DDP}. Fix: make the epoch "
                    "part of the generator's seed, as set_epoch does."
                )
            fail(
                f"{call} deals the same rows in every epoch, {orders[0][:n_rows]}, though with seed={SEEDS[1]} the "
                "order changes each epoch: the way seed and epoch are combined loses the epoch when `seed` is "
                f"0, a common seed {DDP}. Fix: combine seed and epoch so that every epoch gets a seed of its own "
                "whatever `seed` is, the way sampler.set_epoch(epoch) combines them."
            )
        if n_rows >= 7 and all(rows == sets[0] for rows in sets):
            fail(
                f"{call} gives each process the same rows in every epoch ({sets[0]}), only in another order: it "
                "shuffles each process's own share, so a process never sees the other rows "
                f"{DDP}. Fix: shuffle all the rows into one order first, then deal that order as in 6a."
            )
    ignored = [
        epoch
        for epoch in range(EPOCHS)
        if all(
            world.shards(n_rows, world_size, epoch, SEEDS[1])
            == world.shards(n_rows, world_size, epoch, 0)
            for n_rows, world_size in CASES[:3]
        )
    ]
    if ignored:
        where = "in every epoch" if len(ignored) == EPOCHS else f"in epoch {ignored[0]}"
        fail(
            f"shuffled_shard deals the same rows with seed=0 and seed={SEEDS[1]} {where}: the `seed` it is given "
            f"makes no difference there, so no run can choose its shuffle {TRAP}. Fix: seed the generator from the "
            "`seed` it is given together with the epoch."
        )
    for shift, when in ((1, "one epoch later"), (-1, "one epoch earlier")):
        if all(
            by_epoch[n_rows, world_size][epoch]
            == _dealt_order(_sampler(n_rows, world_size, epoch + shift))
            for n_rows, world_size in CASES[:2]
            for epoch in range(EPOCHS)
        ):
            fail(
                f"shuffled_shard(10, rank, world_size=2, epoch, seed=0) deals in every epoch the rows "
                f"DistributedSampler(shuffle=True, seed=0) deals {when} (after set_epoch(epoch {'+-'[shift < 0]} "
                "1)): its epochs are counted one off, so a run that resumes with the real sampler sees other "
                f"orders {DDP}. Fix: seed with the epoch as it is given, counting from 0, as set_epoch(epoch) does."
            )


def _why_processes_disagree(world, call, n_rows, world_size, epoch, shards, again):
    """Fails naming which difference between processes changes the rows: each is changed alone, on fresh copies of
    the function (as fresh processes hold it), in this process; the hash salt also in real processes."""
    __tracebackhide__ = True
    asked = f"shuffled_shard({n_rows}, 0, {world_size}, {epoch}, 0)"
    alike = dict(clock=False, pid=False, states=False, salt=False)

    def here(function, rank=0, start=0, size=world_size, **differ):
        with _process(rank, start, epoch, **differ):
            return _rows(function(n_rows, rank, size, epoch, 0), asked)

    fresh = world.fresh()
    first, second, other_first = here(fresh), here(fresh), here(world.fresh())
    if world.snapshot is not None and first == other_first != second:
        fail(
            f"{asked} gives {first} the first time and {second} when asked again in the same process: it keeps "
            "something between calls (a generator it draws from again, a counter), so a process's order depends "
            f"on how many calls came before it, not on the epoch {DDP}. Fix: make a new generator in every call, "
            "seeded from seed and epoch alone."
        )
    if first != (other_first if world.snapshot is not None else second):
        fail(
            f"{asked} gives {first}, then {other_first if world.snapshot is not None else second} for the same "
            "call in the same process, with the same clock and global random state: its order comes from a source "
            "of randomness of its own (an unseeded generator, os.urandom, or one it keeps drawing from), so every "
            f"process draws another {PROCESSES}. {OWN_GENERATOR}"
        )
    differences = [
        (
            "clock",
            "its order changes with the clock (time.time()): processes start seconds apart, so they shuffle "
            "differently and some rows go to no process",
        ),
        (
            "pid",
            "its order changes with the process id (os.getpid()), which every process has of its own",
        ),
        (
            "states",
            "it draws from the global random state, which every process seeds, initialises and draws from "
            "on its own",
        ),
        (
            "salt",
            "its seed comes from hash() of a string, which Python salts anew in every process "
            "(PYTHONHASHSEED)",
        ),
    ]
    for difference, meaning in differences:
        one = dict(alike, **{difference: True})
        before, later = here(world.fresh(), **one), here(world.fresh(), start=1, **one)
        if before != later:
            fail(
                f"{asked} gives {before} in one process and {later} in another that differs only in its "
                f"{_WHAT_DIFFERS[difference]}: {meaning} {PROCESSES}. {OWN_GENERATOR}"
            )
    ranks = [here(world.fresh(), rank=rank, **alike) for rank in range(world_size)]
    _check_even(call, ranks, n_rows, world_size)
    if not _one_order(ranks, n_rows):
        _name_the_shuffled_deal(
            call, ranks, here(world.fresh(), size=1, **alike), n_rows, world_size, epoch
        )
    if world.workers is not None:
        salted, other, salted_again = world.in_three_processes(
            (n_rows, 0, world_size, epoch, 0), epoch
        )
        if salted != other:
            cause = (
                "depends on the hash salt, which Python draws anew in every process (PYTHONHASHSEED): a hash() "
                "of a string, or the order of a set of strings"
                if salted == salted_again
                else "comes from something every process has of its own (an object's id(), os.urandom, a generator "
                "seeded by the system)"
            )
            fail(
                f"{asked} gives {salted} in one real process and {other} in another, with the same clock and "
                f"global random state: its order {cause} {PROCESSES}. {OWN_GENERATOR}"
            )
    fail(
        f"{call} gives ranks 0 to {world_size - 1} {shards} in epoch {epoch}, and {again} in processes started "
        "later, though no single difference between processes (a second call, the clock, the process id, the "
        f"global random state, the hash salt) changes them alone {PROCESSES}. {OWN_GENERATOR}"
    )


_WHAT_DIFFERS = {
    "clock": "wall clock",
    "pid": "process id",
    "states": "global random state (torch, random, NumPy)",
    "salt": "hash salt",
}


def _name_the_shuffled_deal(call, shards, whole, n_rows, world_size, epoch):
    """Fails with how shards asked in one process, all else alike, are not one shuffled order dealt like cards;
    whole is what the function returns for a world of 1 process (its whole order)."""
    __tracebackhide__ = True
    order = _dealt_order(shards)
    padding = len(order) - n_rows
    first_rows = [row % n_rows for row in range(padding)]
    said = f"{call} gives ranks 0 to {world_size - 1} {shards} in epoch {epoch}"
    if sorted(order[:n_rows]) != list(range(n_rows)) and sorted(order) == sorted(
        list(range(n_rows)) + first_rows
    ):
        fail(
            f"{said}: the padding, rows {first_rows} (the first rows before shuffling), is shuffled in among the "
            "others, so a row comes twice before another has come once. DistributedSampler shuffles the rows "
            f"first, then pads that order with its own first rows {DDP}. Fix: shuffle the n_rows rows, then pad "
            "the shuffled order with its own first rows, then deal."
        )
    if sorted(order[:n_rows]) == list(range(n_rows)) and order[n_rows:] == first_rows:
        fail(
            f"{said}: it pads with rows {first_rows}, the first rows before the shuffle, but DistributedSampler "
            f"pads with the first rows of the shuffled order, {(order[:n_rows] * world_size)[:padding]} {DDP}. "
            "Fix: pad the shuffled order with its own first rows."
        )
    if sorted(whole) == list(range(n_rows)):
        expected = [
            ((whole * world_size)[: len(order)])[rank::world_size] for rank in range(world_size)
        ]
        if shards[0] == expected[0]:
            rank = next(rank for rank in range(world_size) if shards[rank] != expected[rank])
            missing = sorted(set(range(n_rows)) - set(order))
            fail(
                f"{call} gives rank {rank} {shards[rank]} in epoch {epoch}, in the same process with the same "
                f"clock and random state as rank 0, but dealing the order rank 0's rows come from ({whole}, what "
                f"shuffled_shard({n_rows}, 0, 1, {epoch}, 0) returns) gives it {expected[rank]}: the order depends "
                f"on the rank, so "
                + (
                    f"rows {missing} go to no process"
                    if missing
                    else "the processes' rows do not fit together"
                )
                + f" {DDP}. Fix: seed the shuffle only with what every "
                "process shares (seed and epoch, never the rank), and let each process take its own rows of that "
                "one order."
            )
        block = len(shards[0])
        if (
            world_size > 1
            and block > 1
            and all(
                shards[rank] == (whole * world_size)[rank * block : (rank + 1) * block]
                for rank in range(world_size)
            )
        ):
            fail(
                f"{said}: each process gets a block of neighbouring places of the shuffled order {whole}, not the "
                f"order dealt like cards {DEAL}. Fix: deal the shuffled order as in 6a, every world_size-th row "
                "from the process's rank on."
            )
        fail(
            f"{said}, but dealing its whole order ({whole}, what shuffled_shard({n_rows}, 0, 1, {epoch}, 0) "
            f"returns), padded with its own first rows, gives {expected} {DEAL}. Fix: shuffle the rows into one "
            "order, then pad and deal that order exactly as in 6a."
        )
    missing = sorted(set(range(n_rows)) - set(order))
    fail(
        f"{said}: "
        + (f"rows {missing} are dealt to no process: " if missing else "")
        + "these are not one "
        f"shuffled order of the rows dealt like cards and padded with its own first rows {DEAL}. Fix: shuffle all "
        "the rows into one order, then pad and deal that order exactly as in 6a."
    )


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
    reseeded = [
        name
        for name, same in (
            ("torch.manual_seed", torch.equal(torch_1, torch_2)),
            ("random.seed", python_1 == python_2),
            ("np.random.seed", bool((numpy_1 == numpy_2).all())),
        )
        if same
    ]
    if reseeded:
        fail(
            f"shuffled_shard seeds the global random state ({reseeded[0]}(...)): every other random draw of the "
            "process (dropout, initial weights, augmentation) then restarts from that seed every epoch, where the "
            f"sampler keeps a generator of its own {DDP}. {OWN_GENERATOR}"
        )


def _sampler(n_rows, world_size, epoch=None, seed=0):
    """DistributedSampler's shards: in order (epoch None), or shuffled after set_epoch(epoch)."""
    shards = []
    for rank in range(world_size):
        sampler = DistributedSampler(
            range(n_rows), world_size, rank, shuffle=epoch is not None, seed=seed
        )
        if epoch is not None:
            sampler.set_epoch(epoch)
        shards.append(list(sampler))
    return shards


def _rows(shard, call):
    __tracebackhide__ = True
    try:
        return [int(row) for row in shard]
    except TypeError:
        fail(
            f"{call} returns {shard!r:.40}, not a list of row numbers. Fix: return the list of rows."
        )


def _dealt_order(shards):
    """The order the shards were dealt from, like cards: rank 0's first row, rank 1's first row, ... (shares of
    unequal length too)."""
    return [
        rows[k] for k in range(max(map(len, shards), default=0)) for rows in shards if k < len(rows)
    ]


def _one_order(shards, n_rows):
    """Whether the shards are one order of all the rows, dealt like cards, padded with its own first rows."""
    order = _dealt_order(shards)
    return (
        sorted(order[:n_rows]) == list(range(n_rows))
        and order[n_rows:] == (order[:n_rows] * len(shards))[: len(order) - n_rows]
    )


def _check_even(call, shards, n_rows, world_size):
    __tracebackhide__ = True
    per_process = math.ceil(n_rows / world_size)
    if len({len(rows) for rows in shards}) > 1:
        fail(
            f"{call} gives the processes {[len(rows) for rows in shards]} rows: the one with more runs an extra "
            f"step and waits forever for the others in the gradient all-reduce {DDP}. Fix: pad the rows with the "
            f"first ones again, up to a multiple of world_size, so that every process gets {per_process}."
        )
    if len(shards[0]) * world_size < n_rows:
        missing = sorted(set(range(n_rows)) - {row for rows in shards for row in rows})
        fail(
            f"{call} drops rows: {len(shards[0])} per process x {world_size} processes < {n_rows}, so rows "
            f"{missing} are never trained on {DDP}. Fix: pad with the first rows again instead, as "
            f"DistributedSampler does, so that every process gets {per_process}."
        )
    if len(shards[0]) > per_process:
        fail(
            f"{call} gives each process {len(shards[0])} rows, more than the {per_process} it needs: every "
            f"process then repeats rows every epoch {DDP}. Fix: pad only up to the smallest multiple of world_size "
            f"that holds every row, {per_process} rows each here."
        )


# How a process differs from another, simulated in this one; in a worker, the hash salt is its own already.


@contextlib.contextmanager
def _process(rank, start, epoch, clock=True, pid=True, states=True, salt=True):
    """What differs from one process to another: the global random states (torch, random, NumPy), the wall clock
    (processes start seconds apart, each epoch later), the process id, and hash()'s salt of strings. A difference
    set False is the same in every process; `start` stands for another launch."""
    offset = 1000 * start + 7 * rank + 1 if states else 0
    torch.manual_seed(offset)
    random.seed(offset)
    np.random.seed(offset)
    now = 1_700_000_000.0 + (3.7 * rank + 1000 * start + 60 * epoch if clock else 0)
    patched = {
        "time": lambda: now,
        "time_ns": lambda: int(now * 1e9),
        "monotonic": lambda: now,
        "perf_counter": lambda: now,
        "monotonic_ns": lambda: int(now * 1e9),
        "perf_counter_ns": lambda: int(now * 1e9),
    }
    saved = {name: getattr(time, name) for name in patched}
    saved_pid, saved_hash = os.getpid, builtins.hash
    try:
        for name, function in patched.items():
            setattr(time, name, function)
        os.getpid = lambda: 4000 + (rank + 100 * start if pid else 0)
        if salt:
            builtins.hash = functools.partial(_salted_hash, 1 + rank + 100 * start, saved_hash)
        yield
    finally:
        for name, function in saved.items():
            setattr(time, name, function)
        os.getpid, builtins.hash = saved_pid, saved_hash


def _salted_hash(salt, real_hash, value):
    """hash() as another process gives it: strings and bytes (alone or in tuples) hash otherwise, numbers alike."""
    return real_hash((salt, value)) if _salted(value) else real_hash(value)


def _salted(value):
    return isinstance(value, (str, bytes)) or (
        isinstance(value, (tuple, frozenset)) and any(map(_salted, value))
    )


# The student's function as a fresh process holds it: a snapshot of its code and the globals it reads.


class _CannotCopy(Exception):
    """Something the function reads cannot be copied into another process."""


def _snapshot(function):
    """The function as bytes another process (or this one) can rebuild a fresh copy from, with the globals it reads
    as they are now; None where it is no plain function or something it reads cannot be copied."""
    root = getattr(function, "__wrapped__", function) if _is_lru_cache(function) else function
    if not isinstance(root, types.FunctionType):
        return None
    packer = _Packer(root.__globals__)
    try:
        packed = {
            "root": packer.pack(function),
            "functions": packer.functions,
            "globals": packer.globals,
            "module": root.__module__,
        }
        return pickle.dumps(packed)
    except (_CannotCopy, RecursionError):
        return None


def _is_lru_cache(value):
    return callable(value) and hasattr(value, "cache_parameters") and hasattr(value, "__wrapped__")


class _Packer:
    """Packs values for _rebuild: modules by name, the student's functions (those sharing the root's globals) by
    code, anything else pickled."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.functions = []  # what each of the student's functions needs to be made again
        self.index = {}  # id(function) -> its place in self.functions
        self.globals = {}  # the globals the functions read -> packed value

    def pack(self, value):
        if isinstance(value, types.ModuleType):
            return ("module", value.__name__)
        if isinstance(value, types.FunctionType) and value.__globals__ is self.namespace:
            return ("function", self.function(value))
        if (
            _is_lru_cache(value)
            and getattr(value.__wrapped__, "__globals__", None) is self.namespace
        ):
            parameters = value.cache_parameters()
            return (
                "lru_cache",
                parameters["maxsize"],
                parameters["typed"],
                self.pack(value.__wrapped__),
            )
        if type(value) in (list, tuple, set, frozenset):
            return ("sequence", type(value).__name__, [self.pack(item) for item in value])
        if type(value) is dict:
            return ("dict", [(self.pack(key), self.pack(item)) for key, item in value.items()])
        try:
            return ("pickle", pickle.dumps(value))
        except Exception as error:  # a lock, a generator, an open file: it cannot travel
            raise _CannotCopy(f"{type(value).__name__} cannot be copied") from error

    def function(self, function):
        if id(function) in self.index:
            return self.index[id(function)]
        self.index[id(function)] = len(self.functions)
        spec = {}
        self.functions.append(spec)
        for name in _global_names(function.__code__):
            if name in self.namespace and name not in self.globals:
                self.globals[name] = ("pending",)
                self.globals[name] = self.pack(self.namespace[name])
        cells = []
        for cell in function.__closure__ or ():
            try:
                cells.append(self.pack(cell.cell_contents))
            except ValueError:  # a cell not filled yet
                cells.append(("empty",))
        spec.update(
            code=marshal.dumps(function.__code__),
            name=function.__name__,
            qualname=function.__qualname__,
            defaults=self.pack(function.__defaults__),
            kwdefaults=self.pack(function.__kwdefaults__),
            closure=cells,
            attributes=self.pack(dict(function.__dict__)),
        )
        return self.index[id(function)]


def _global_names(code):
    """The global names a code object (and the code nested in it) reads or writes."""
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_NAME"):
            yield instruction.argval
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _global_names(constant)


def _rebuild(snapshot):
    """A fresh copy of the function a snapshot holds, with fresh copies of the globals it reads."""
    packed = pickle.loads(snapshot)
    namespace = {"__builtins__": builtins, "__name__": packed["module"]}
    functions = []
    for spec in packed["functions"]:
        code = marshal.loads(spec["code"])
        cells = tuple(types.CellType() for _ in spec["closure"])
        function = types.FunctionType(code, namespace, spec["name"], None, cells or None)
        function.__qualname__ = spec["qualname"]
        functions.append(function)

    def unpack(item):
        kind = item[0]
        if kind == "module":
            return importlib.import_module(item[1])
        if kind == "function":
            return functions[item[1]]
        if kind == "lru_cache":
            return functools.lru_cache(maxsize=item[1], typed=item[2])(unpack(item[3]))
        if kind == "sequence":
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[item[1]](
                map(unpack, item[2])
            )
        if kind == "dict":
            return {unpack(key): unpack(value) for key, value in item[1]}
        return pickle.loads(item[1])

    for function, spec in zip(functions, packed["functions"]):
        for cell, item in zip(function.__closure__ or (), spec["closure"]):
            if item[0] != "empty":
                cell.cell_contents = unpack(item)
        function.__defaults__ = unpack(spec["defaults"])
        function.__kwdefaults__ = unpack(spec["kwdefaults"])
        function.__dict__.update(unpack(spec["attributes"]))
    for name, item in packed["globals"].items():
        namespace[name] = unpack(item)
    return unpack(packed["root"])


# Real processes: this one, and a worker started once per checking process and reused.


class _Worker:
    """A Python process of its own, with its own hash salt, that holds the function it was sent and calls it for
    one rank at a time."""

    def __init__(self, salt):
        paths = [path or os.getcwd() for path in sys.path]
        env = dict(
            os.environ,
            PYTHONHASHSEED=str(salt),
            PYTHONPATH=os.pathsep.join(paths),
            OMP_NUM_THREADS="1",
        )
        self.salt = salt
        self.pending = 0  # answers not read yet
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course.exercises.scaling", "--rank-worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )

    def send(self, *request):
        pickle.dump(request, self.process.stdin)
        self.process.stdin.flush()
        self.pending += 1

    def receive(self):
        answer = pickle.load(self.process.stdout)
        self.pending -= 1
        return answer

    def drain(self):
        """Reads the answers a check that stopped early left unread."""
        while self.pending:
            self.receive()

    def close(self):
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class _Here:
    """This process as the other one: it holds its own fresh copy of the function and answers as a worker does,
    with this process's own hash salt."""

    salt = None

    def __init__(self):
        self.held, self.answers = {}, []

    def send(self, *request):
        self.answers.append(_answer(self.held, request))

    def receive(self):
        return self.answers.pop(0)

    def drain(self):
        self.answers.clear()


_POOL = {}  # the id of the process that started the worker -> the worker (a forked child starts its own)


def _pool():
    worker = _POOL.get(os.getpid())
    if worker is None or worker.process.poll() is not None:
        _close_pool()
        # not ours
        worker = _POOL[os.getpid()] = _Worker(2 if os.environ.get("PYTHONHASHSEED") == "1" else 1)
    return worker


@atexit.register
def _close_pool():
    worker = _POOL.pop(os.getpid(), None)
    if worker is not None:
        worker.close()


class _World:
    """Asks shuffled_shard for every rank, in two real processes where it can (this one and a worker, neighbouring
    ranks in different ones), else each rank simulated in this one."""

    def __init__(self, function):
        self.function = function
        self.snapshot = _snapshot(function)
        self.workers = None
        self.how = (
            "each rank simulated in this process, with its own global random state, clock, process id and "
            "hash salt"
        )
        if self.snapshot is None:
            return
        try:
            self.workers = [_Here(), _pool()]
            for worker in self.workers:
                worker.drain()
                worker.send("load", self.snapshot)
        except (OSError, EOFError, pickle.UnpicklingError):
            self.abandon()

    def ready(self):
        """Waits for the worker to hold the function; where it cannot, every rank is simulated in this process."""
        if self.workers is None:
            return
        answers = []
        for worker in self.workers:
            try:
                answers.append(worker.receive())
            except (EOFError, OSError, pickle.UnpicklingError):
                answers.append(("lost",))
        if any(answer[0] != "loaded" for answer in answers):
            self.abandon()
            return
        self.how = (
            "ranks asked in 2 real processes with their own hash salts, neighbouring ranks in different "
            "ones, each call with its own global random state and clock"
        )

    def abandon(self):
        """Stops using the worker; one left in the middle of a question is closed, the next check starts anew."""
        if self.workers is not None and _POOL.get(os.getpid()) is self.workers[-1]:
            _close_pool()
        self.workers = None

    def fresh(self):
        """A fresh copy of the function, as a process that has not called it yet holds it."""
        return _rebuild(self.snapshot) if self.snapshot is not None else self.function

    def shards(self, n_rows, world_size, epoch, seed, start=0):
        """Every rank's rows, each rank asked by its own process: the two real ones (neighbouring ranks in
        different ones, swapped when `start` differs), or simulated here, each rank with its own global random
        states, clock, process id and hash salt."""
        __tracebackhide__ = True
        asks = [(n_rows, rank, world_size, epoch, seed) for rank in range(world_size)]
        if self.workers is None:
            ranks = range(world_size) if start % 2 == 0 else reversed(range(world_size))
            found = {}
            for rank in ranks:
                with _process(rank, start, epoch):
                    found[rank] = _rows(self.function(*asks[rank]), f"shuffled_shard{asks[rank]}")
            return [found[rank] for rank in range(world_size)]
        return self._ask(
            [
                (self.workers[(rank + start) % 2], asks[rank], rank, start, epoch, {})
                for rank in range(world_size)
            ]
        )

    def in_three_processes(self, args, epoch):
        """Rank 0 asked alike (same clock, global random state, process id) with the function freshly loaded in
        three processes: the worker, this one (another hash salt), and a worker started anew with the first one's
        salt."""
        __tracebackhide__ = True
        here, worker = self.workers
        extra = _Worker(worker.salt)
        try:
            for process in (worker, here, extra):
                process.send("load", self.snapshot)
            for process in (worker, here, extra):
                process.receive()
            alike = dict(clock=False, pid=False, states=False, salt=False)
            return self._ask(
                [(process, args, 0, 0, epoch, alike) for process in (worker, here, extra)]
            )
        finally:
            extra.close()

    def _ask(self, asks):
        """Sends every question, then reads every answer (so no answer is left behind for a later check), then
        says what went wrong, if anything did, as the rank's own process would have."""
        __tracebackhide__ = True
        try:
            for worker, args, rank, start, epoch, differ in asks:
                worker.send("call", args, rank, start, epoch, differ)
            answers = [worker.receive() for worker, *_ in asks]
        except BaseException:
            self.abandon()
            raise
        rows = []
        for (worker, args, *_), answer in zip(asks, answers):
            if answer[0] == "raised":
                raise answer[1]
            if answer[0] == "not rows":
                fail(
                    f"shuffled_shard{args} returns {answer[1]}, not a list of row numbers. Fix: return the list of "
                    "rows."
                )
            rows.append(answer[1])
        return rows


def _serve():
    """A worker's loop: answer each request, until the checking process closes the pipe. What the function prints
    goes to stderr, never into the answers."""
    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    held = {}
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        answer = _answer(held, request)
        if answer[0] == "raised":
            answer = ("raised", _portable(answer[1]))
        pickle.dump(answer, answers)
        answers.flush()


def _answer(held, request):
    """What a rank's process answers: "load" a snapshot, or "call" the function for a rank, as that rank's process
    would (its own global random states, clock and process id; its hash salt is its own already)."""
    try:
        if request[0] == "load":
            held["function"] = _rebuild(request[1])
            return ("loaded",)
        _, args, rank, start, epoch, differ = request
        with _process(rank, start, epoch, **dict(differ, salt=False)):
            result = held["function"](*args)
        try:
            return ("rows", [int(row) for row in result])
        except TypeError:
            return ("not rows", f"{result!r:.40}")
    except Exception as error:  # the student's own error: the checking process raises it again
        return ("raised", error)


def _portable(error):
    """The error itself where it can be pickled and read back, else a RuntimeError with its words."""
    try:
        return pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


if __name__ == "__main__" and sys.argv[1:] == ["--rank-worker"]:
    _serve()
