"""Exercise 6: dealing rows to processes in order (6a) and shuffled (6b)."""

import functools
import itertools
import math
import os
import random
import time

import numpy as np
import torch
from torch.utils.data import DistributedSampler

from course.exercises.scaling import check_shard, check_shuffled_shard
from staff.exercise_corpus import Exercise, Wrong


def dealt_with_wraparound(n_rows, rank, world_size):  # the solution's way
    total = math.ceil(n_rows / world_size) * world_size
    return [row % n_rows for row in range(total)][rank::world_size]


def asks_the_sampler(n_rows, rank, world_size):
    return torch.tensor(list(DistributedSampler(range(n_rows), world_size, rank, shuffle=False)))


def by_formula(n_rows, rank, world_size):
    return [(rank + k * world_size) % n_rows for k in range(-(-n_rows // world_size))]


def cycled_with_a_print(n_rows, rank, world_size):
    print("rank", rank, "of", world_size)
    rows = list(
        itertools.islice(
            itertools.cycle(range(n_rows)), math.ceil(n_rows / world_size) * world_size
        )
    )
    return np.array(rows[rank::world_size])


def blocks(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    rows = [row % n_rows for row in range(per_process * world_size)]
    return rows[rank * per_process : (rank + 1) * per_process]


def unpadded(n_rows, rank, world_size):
    return list(range(n_rows))[rank::world_size]


def tail_dropped(n_rows, rank, world_size):
    return list(range(n_rows // world_size * world_size))[rank::world_size]


def padded_with_the_last_rows(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    return (list(range(n_rows)) + [n_rows - 1] * (total - n_rows))[rank::world_size]


def padded_with_row_0(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    return (list(range(n_rows)) + [0] * (total - n_rows))[rank::world_size]


def padded_once(n_rows, rank, world_size):  # too few rows to pad from when n_rows < padding
    total = math.ceil(n_rows / world_size) * world_size
    rows = list(range(n_rows))
    return (rows + rows[: total - n_rows])[rank::world_size]


def ranks_from_1(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    return [row % n_rows for row in range(total)][(rank + 1) % world_size :: world_size]


def every_row(n_rows, rank, world_size):
    return list(range(n_rows))


def returns_nothing(n_rows, rank, world_size):
    dealt_with_wraparound(n_rows, rank, world_size)


def shuffled_in_order(n_rows, rank, world_size):
    rows = dealt_with_wraparound(n_rows, rank, world_size)
    random.Random(0).shuffle(rows)
    return rows


# state kept, keyed by all it depends on
def cached_by_every_argument(n_rows, rank, world_size, _cache={}):
    if (n_rows, rank, world_size) not in _cache:
        _cache[n_rows, rank, world_size] = dealt_with_wraparound(n_rows, rank, world_size)
    return list(_cache[n_rows, rank, world_size])


PADDED_ROWS = {}


# padded for the first world_size it meets, reused for others
def cached_by_n_rows(n_rows, rank, world_size):
    if n_rows not in PADDED_ROWS:
        PADDED_ROWS[n_rows] = [
            row % n_rows for row in range(math.ceil(n_rows / world_size) * world_size)
        ]
    return PADDED_ROWS[n_rows][rank::world_size]


# no wraparound: row 0 goes to no process, the last one is short
def ranks_counted_from_1(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    return [row % n_rows for row in range(total)][rank + 1 :: world_size]


SHIFT_FIX = "start at row number rank itself"
shard = Exercise(
    "6a",
    run=check_shard,
    right={
        "with wraparound": dealt_with_wraparound,
        "the sampler itself": asks_the_sampler,
        "by formula": by_formula,
        "itertools.cycle, a print, NumPy": cycled_with_a_print,
        "a cache keyed by every argument": cached_by_every_argument,
    },
    wrong={
        "blocks": Wrong(
            blocks,
            "shard(10, rank, world_size=2) hands each process a block of neighbouring rows",
            "deal the rows like cards",
        ),
        "unequal shares": Wrong(
            unpadded,
            "shard(10, rank, world_size=3) gives the processes [4, 3, 3] rows: the one "
            "with more runs an extra step and waits forever",
            "pad the rows with the first ones",
        ),
        "tail dropped": Wrong(
            tail_dropped, "shard(10, rank, world_size=3) drops rows", "pad with the first rows"
        ),
        "padded with the last rows": Wrong(
            padded_with_the_last_rows,
            "shard(10, rank, world_size=3) pads with rows "
            "[9, 9], but DistributedSampler pads with the first rows, [0, 1]",
            "pad with the rows from the start of the dataset again",
        ),
        "padded with row 0": Wrong(
            padded_with_row_0, "pads with rows [0, 0]", "starting over at row 0"
        ),
        "padded once": Wrong(
            padded_once,
            "shard(2, rank, world_size=5) gives the processes [1, 1, 1, 1, 0] rows: it "
            "pads with the first rows once",
            "keep taking the first rows again",
        ),
        "ranks from 1": Wrong(
            ranks_from_1,
            "gives process 0 the rows DistributedSampler deals to process 1",
            SHIFT_FIX,
        ),
        "ranks from 1, the last one short": Wrong(
            ranks_counted_from_1, "the ranks are counted one off", SHIFT_FIX
        ),
        "every row": Wrong(
            every_row,
            "shard(10, rank, world_size=2) gives each process 10 rows, more than the 5",
            "pad only up to the smallest multiple of world_size",
        ),
        "returns nothing": Wrong(
            returns_nothing, "returns None, not a list of row numbers", "return the list of rows"
        ),
        "shuffled": Wrong(
            shuffled_in_order,
            "gives process 0 the right rows in another order",
            "without shuffling",
        ),
        "a cache keyed by n_rows alone": Wrong(
            cached_by_n_rows,
            "shard(10, rank, world_size=3) deals the rows right when it is asked first",
            "key anything you keep by all three",
        ),
    },
)


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


def numpy_generator_with_global_draws(n_rows, rank, world_size, epoch, seed):
    # harmless global draws
    print("epoch", epoch, "rank", rank, torch.rand(1).shape, random.random() < 2)
    order = np.random.default_rng([seed, epoch]).permutation(n_rows)
    return [int(order[row]) for row in dealt_with_wraparound(n_rows, rank, world_size)]


def fork_rng_and_manual_seed(n_rows, rank, world_size, epoch, seed):
    with torch.random.fork_rng():  # the global state is restored on the way out
        torch.manual_seed(seed + epoch)
        order = torch.randperm(n_rows).tolist()
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def global_random_state(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows).tolist()
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def seeded_by_rank(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, seed + 100 * rank)


def no_set_epoch(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, 0, seed)


def seed_times_epoch(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, 0, seed * epoch)


# rank 0 always gets rows 0, 2, 4, ...
def own_share_shuffled(n_rows, rank, world_size, epoch, seed):
    rows = dealt_with_wraparound(n_rows, rank, world_size)
    order = torch.randperm(
        len(rows), generator=torch.Generator().manual_seed(seed + epoch)
    ).tolist()
    return [rows[i] for i in order]


def seeded_by_the_clock(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, int(time.time()))


# consistent, but resets the process's random state
def global_torch_seed(n_rows, rank, world_size, epoch, seed):
    torch.manual_seed(seed + epoch)
    return global_random_state(n_rows, rank, world_size, epoch, seed)


def global_python_seed(n_rows, rank, world_size, epoch, seed):
    random.seed(seed + epoch)
    order = random.sample(range(n_rows), n_rows)
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def global_numpy_seed(n_rows, rank, world_size, epoch, seed):
    np.random.seed(seed + epoch)
    order = np.random.permutation(n_rows)
    return [int(order[row]) for row in dealt_with_wraparound(n_rows, rank, world_size)]


def ignores_the_seed(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, 0 * seed)


def blocks_after_the_shuffle(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)).tolist()
    return [order[row] for row in blocks(n_rows, rank, world_size)]


def padded_with_unshuffled_rows(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    return (order + [row % n_rows for row in range(total - n_rows)])[rank::world_size]


def unpadded_shuffle(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)).tolist()
    return order[rank::world_size]


# a hash of ints is never salted
def seeded_by_a_hash_of_the_arguments(n_rows, rank, world_size, epoch, seed):
    generator = torch.Generator().manual_seed(hash((seed, epoch)) % 2**31)
    order = torch.randperm(n_rows, generator=generator).tolist()
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


@functools.cache
def order_of(seed, epoch, n_rows):
    return tuple(
        torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)).tolist()
    )


# state kept, keyed by all the order depends on
def cached_order(n_rows, rank, world_size, epoch, seed):
    return [
        order_of(seed, epoch, n_rows)[row]
        for row in dealt_with_wraparound(n_rows, rank, world_size)
    ]


# salted anew in every process
def seeded_by_a_hashed_string(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, seed + hash("shuffle") % 1000)


# a set's order of strings follows the salt
def seeded_by_a_set_of_strings(n_rows, rank, world_size, epoch, seed):
    words = {"train", "valid", "test", "shuffle", "seed", "epoch", "rank", "rows"}
    # the offset tells every order apart: two salts agree only if the orders do
    alphabet = sorted(words)
    offset = sum(alphabet.index(word) * 8**place for place, word in enumerate(words))
    return seeded_by_epoch(n_rows, rank, world_size, epoch, seed + offset)


def seeded_by_the_process_id(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, seed + os.getpid())


def seeded_by_os_urandom(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch, int.from_bytes(os.urandom(4), "big"))


GENERATOR = []


# made on the first call, drawn from ever after
def one_generator_kept(n_rows, rank, world_size, epoch, seed):
    if not GENERATOR:
        GENERATOR.append(torch.Generator().manual_seed(seed))
    order = torch.randperm(n_rows, generator=GENERATOR[0]).tolist()
    return [order[row] for row in dealt_with_wraparound(n_rows, rank, world_size)]


def epochs_counted_from_1(n_rows, rank, world_size, epoch, seed):
    return seeded_by_epoch(n_rows, rank, world_size, epoch + 1, seed)


def padded_before_the_shuffle(n_rows, rank, world_size, epoch, seed):
    padded = [row % n_rows for row in range(math.ceil(n_rows / world_size) * world_size)]
    order = torch.randperm(
        len(padded), generator=torch.Generator().manual_seed(seed + epoch)
    ).tolist()
    return [padded[i] for i in order][rank::world_size]


OWN_GENERATOR = "a torch.Generator of its own, seeded from seed and epoch alone"
shuffled_shard = Exercise(
    "6b",
    run=check_shuffled_shard,
    right={
        "seeded by epoch": seeded_by_epoch,
        "Python's Random(seed + epoch)": python_random_seeded_by_epoch,
        "the shuffling sampler": asks_the_shuffling_sampler,
        "a NumPy generator, global draws": numpy_generator_with_global_draws,
        "fork_rng and manual_seed": fork_rng_and_manual_seed,
        "a hash of (seed, epoch)": seeded_by_a_hash_of_the_arguments,
        "the order cached by (seed, epoch, n_rows)": cached_order,
    },
    wrong={
        "the global random state": Wrong(
            global_random_state,
            "another that differs only in its global random state",
            OWN_GENERATOR,
        ),
        "seeded by rank": Wrong(seeded_by_rank, "the order depends on the rank", "never the rank"),
        "the same every epoch": Wrong(
            no_set_epoch, "deals the same rows in every epoch", "make the epoch part of"
        ),
        "seed * epoch": Wrong(
            seed_times_epoch, "loses the epoch when `seed` is 0", "combine seed and epoch"
        ),
        "each process's own share shuffled": Wrong(
            own_share_shuffled,
            "shuffles each process's own share",
            "shuffle all the rows into one order first",
        ),
        "seeded by the clock": Wrong(
            seeded_by_the_clock, "its order changes with the clock", OWN_GENERATOR
        ),
        "torch.manual_seed": Wrong(
            global_torch_seed,
            "seeds the global random state (torch.manual_seed(...))",
            OWN_GENERATOR,
        ),
        "random.seed": Wrong(
            global_python_seed, "seeds the global random state (random.seed(...))", OWN_GENERATOR
        ),
        "np.random.seed": Wrong(
            global_numpy_seed, "seeds the global random state (np.random.seed(...))", OWN_GENERATOR
        ),
        "the seed ignored": Wrong(
            ignores_the_seed,
            "the `seed` it is given makes no difference",
            "from the `seed` it is given",
        ),
        "blocks after the shuffle": Wrong(
            blocks_after_the_shuffle,
            "a block of neighbouring places of the shuffled order",
            "every world_size-th row",
        ),
        "padded with unshuffled rows": Wrong(
            padded_with_unshuffled_rows,
            "the first rows before the shuffle",
            "pad the shuffled order with its own first rows",
        ),
        "unpadded": Wrong(unpadded_shuffle, "waits forever", "pad the rows with the first ones"),
        "a hashed string in the seed": Wrong(
            seeded_by_a_hashed_string, "differs only in its hash salt", OWN_GENERATOR
        ),
        "the order of a set of strings": Wrong(
            seeded_by_a_set_of_strings, "depends on the hash salt", OWN_GENERATOR
        ),
        "the process id": Wrong(
            seeded_by_the_process_id, "its order changes with the process id", OWN_GENERATOR
        ),
        "os.urandom": Wrong(
            seeded_by_os_urandom, "a source of randomness of its own", OWN_GENERATOR
        ),
        "one generator kept between calls": Wrong(
            one_generator_kept,
            "it keeps something between calls",
            "make a new generator in every call",
        ),
        "epochs counted from 1": Wrong(
            epochs_counted_from_1, "deals one epoch later", "counting from 0"
        ),
        "padded before the shuffle": Wrong(
            padded_before_the_shuffle,
            "is shuffled in among the others",
            "shuffle the n_rows rows, then pad",
        ),
    },
)

EXERCISES = [shard, shuffled_shard]
