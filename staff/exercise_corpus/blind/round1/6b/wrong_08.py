#| kind: wrong
#| what: seed * epoch instead of seed + epoch: epoch 0 always seeds 0, ignoring the seed
#| expect: loses the epoch when `seed` is 0
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    generator = torch.Generator().manual_seed(seed * epoch)
    order = torch.randperm(n_rows, generator=generator).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    padded = [order[i % n_rows] for i in range(total)]
    return padded[rank::world_size]


check_shuffled_shard(shuffled_shard)
