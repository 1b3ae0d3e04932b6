#| kind: wrong
#| what: seeds from the clock (time.time()): processes that start seconds apart draw different orders
#| expect: its order changes with the clock
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
import time


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    generator = torch.Generator().manual_seed(int(time.time()) + epoch)
    order = torch.randperm(n_rows, generator=generator).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    padded = [order[i % n_rows] for i in range(total)]
    return padded[rank::world_size]


check_shuffled_shard(shuffled_shard)
