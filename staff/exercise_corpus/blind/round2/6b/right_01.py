#| kind: right
#| what: own torch.Generator seeded with seed + epoch, randperm, pad by cycling, deal with a stride slice
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator()
    g.manual_seed(seed + epoch)  # same seed on every process, a new one each epoch
    order = torch.randperm(n_rows, generator=g).tolist()
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]  # pad with the first (shuffled) rows again
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
