#| kind: wrong
#| what: pads with indices[:padding] only once, which falls short when more padding is needed than there are rows (e.g. 2 rows on 5 processes), so the shares are unequal
#| expect: shard(2, rank, world_size=5) gives the processes [1, 1, 1, 1, 0] rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    indices = list(range(n_rows))
    indices += indices[: total - n_rows]  # pad with the first rows again
    return indices[rank::world_size]


check_shard(shard)
