#| kind: wrong
#| what: deals first, then shuffles each process's own share: every process keeps the same set of rows every epoch, only their order changes
#| expect: shuffled_shard(10, rank, world_size=2, epoch, seed=0) gives each
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    order = list(range(n_rows))
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]
    mine = torch.tensor(order[rank::world_size])
    g = torch.Generator().manual_seed(seed + epoch)
    return mine[torch.randperm(len(mine), generator=g)].tolist()


check_shuffled_shard(shuffled_shard)
