#| kind: wrong
#| what: floor instead of ceil: drops the last rows (drop_last) instead of padding
#| expect: drops rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = (n_rows // world_size) * world_size
    return list(range(total))[rank::world_size]


check_shard(shard)
