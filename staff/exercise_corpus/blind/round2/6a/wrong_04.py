#| kind: wrong
#| what: drops the leftover rows (drop_last behaviour) instead of padding with the first ones
#| expect: shard(10, rank, world_size=3) drops rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = n_rows // world_size  # equal shares: cut off the rows that don't fit
    total = per_process * world_size
    rows = list(range(total))
    return rows[rank::world_size]


check_shard(shard)
