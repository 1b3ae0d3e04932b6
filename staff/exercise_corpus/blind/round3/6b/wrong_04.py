#| kind: wrong
#| what: seeds from the clock (time.time() + epoch): processes start seconds apart, so they draw different orders
#| expect: shuffled_shard(10, 0, 2, 0, 0) gives [0, 8, 5, 3, 6] in one process
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
import time


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator()
    g.manual_seed(int(time.time()) + epoch)  # a fresh order each run and each epoch
    indices = torch.randperm(n_rows, generator=g).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    indices = (indices * math.ceil(total / n_rows))[:total]  # pad with the first ones again
    return indices[rank::world_size]


check_shuffled_shard(shuffled_shard)
