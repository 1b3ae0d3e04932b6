#| kind: wrong
#| what: seed taken from the clock (time.time() + epoch): processes that start seconds apart draw different orders
#| expect: shuffled_shard(10, 0, 2, 0, 0) gives [0, 8, 5, 3, 6] in one process
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
import time


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator().manual_seed(int(time.time()) + epoch)
    order = torch.randperm(n_rows, generator=g).tolist()
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
