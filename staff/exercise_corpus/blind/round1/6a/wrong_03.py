#| kind: wrong
#| what: pads with the last row repeated instead of the first rows again
#| expect: pads with rows [9, 9], but DistributedSampler pads with the first rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    padded = list(range(n_rows)) + [n_rows - 1] * (total - n_rows)
    return padded[rank::world_size]


check_shard(shard)
