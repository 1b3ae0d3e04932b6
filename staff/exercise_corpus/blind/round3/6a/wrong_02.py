#| kind: wrong
#| what: no padding: deals range(rank, n_rows, world_size), so when n_rows is not a multiple of world_size the processes get unequal shares
#| expect: shard(10, rank, world_size=3) gives the processes [4, 3, 3] rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    return list(range(rank, n_rows, world_size))


check_shard(shard)
