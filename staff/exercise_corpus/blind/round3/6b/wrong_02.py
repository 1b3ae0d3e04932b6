#| kind: wrong
#| what: reseeds the process's global random state with torch.manual_seed(seed + epoch) instead of using a private generator, clobbering every other draw of the process
#| expect: shuffled_shard seeds the global random state (torch.manual_seed(...))
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    torch.manual_seed(seed + epoch)  # same seed everywhere, new one each epoch
    indices = torch.randperm(n_rows).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    indices = (indices * math.ceil(total / n_rows))[:total]  # pad with the first ones again
    return indices[rank::world_size]


check_shuffled_shard(shuffled_shard)
