#| kind: wrong
#| what: pads only once with indices[:padding]: too few rows when world_size - n_rows % world_size exceeds n_rows (more processes than rows)
#| expect: it pads with the first rows once
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    indices = list(range(n_rows))
    total = math.ceil(n_rows / world_size) * world_size
    indices += indices[:total - n_rows]
    return indices[rank:total:world_size]


check_shard(shard)
