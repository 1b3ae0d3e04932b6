#| kind: wrong
#| what: seeds the GLOBAL random state with torch.manual_seed(seed + epoch): same order everywhere, but it resets the process's own random state as a side effect
#| expect: shuffled_shard seeds the global random state (torch.manual_seed(...))
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    torch.manual_seed(seed + epoch)
    order = torch.randperm(n_rows).tolist()
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
