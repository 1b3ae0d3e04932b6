#| kind: wrong
#| what: typo in the padding branch (indicies): NameError, but only when n_rows is not a multiple of world_size
#| expect: raised NameError
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    indices = list(range(n_rows))
    total = math.ceil(n_rows / world_size) * world_size
    if total > n_rows:
        indices += (indicies * world_size)[:total - n_rows]
    return indices[rank::world_size]


check_shard(shard)
