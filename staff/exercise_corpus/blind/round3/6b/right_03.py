#| kind: right
#| what: over-engineered with helpers: Python's random.Random(seed + epoch) (its own instance, not the global state) shuffles the row list, then a cyclic-padding dealer
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
import random


def _order(n_rows, epoch, seed):
    """The epoch's order of all rows: the same on every process, since it depends only on seed and epoch."""
    rng = random.Random(seed + epoch)  # a private generator; random.seed(...) would touch the global one
    rows = list(range(n_rows))
    rng.shuffle(rows)
    return rows


def _deal(order, rank, world_size):
    """Pad with the first rows of the order again (cyclically), then every world_size-th from rank."""
    per_process = math.ceil(len(order) / world_size)
    return [order[(rank + k * world_size) % len(order)] for k in range(per_process)]


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    if not 0 <= rank < world_size:
        raise ValueError(f"rank {rank} is not in [0, {world_size})")
    return _deal(_order(n_rows, epoch, seed), rank, world_size)


check_shuffled_shard(shuffled_shard)
