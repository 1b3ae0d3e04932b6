#| kind: wrong
#| what: generator seeded with seed only, epoch left out: the same order every epoch (set_epoch forgotten)
#| expect: shuffled_shard(10, rank, world_size=2, epoch, seed=0) deals the
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(n_rows, generator=g).tolist()
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
