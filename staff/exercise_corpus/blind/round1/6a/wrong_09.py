#| kind: wrong
#| what: typo in a name (world_sise): NameError
#| expect: NameError
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    padded = [i % n_rows for i in range(total)]
    return padded[rank::world_sise]


check_shard(shard)
