#| kind: right
#| what: plain Python: a private random.Random(seed + epoch) shuffles a row list alike on every process (not torch's order), then pad and deal as in 6a
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
import random


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    rng = random.Random(seed + epoch)  # its own generator: no global state, no clock
    rows = list(range(n_rows))
    rng.shuffle(rows)
    total = math.ceil(n_rows / world_size) * world_size
    while len(rows) < total:
        rows += rows[:total - len(rows)]
    return rows[rank::world_size]


check_shuffled_shard(shuffled_shard)
