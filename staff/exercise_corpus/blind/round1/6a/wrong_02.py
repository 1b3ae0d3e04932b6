#| kind: wrong
#| what: no padding: range(rank, n_rows, world_size) gives unequal shares when world_size does not divide n_rows
#| expect: gives the processes [4, 3, 3] rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    return list(range(rank, n_rows, world_size))


check_shard(shard)
