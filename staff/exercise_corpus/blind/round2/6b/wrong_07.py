#| kind: wrong
#| what: pads before shuffling: the padding repeats rows 0, 1, ... and is shuffled in, instead of repeating the first rows of the shuffled order
#| expect: shuffled_shard(10, rank, world_size=3, epoch, seed=0) gives ranks 0
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    rows = torch.arange(total) % n_rows  # padded with the first rows
    g = torch.Generator().manual_seed(seed + epoch)
    order = rows[torch.randperm(total, generator=g)].tolist()
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
