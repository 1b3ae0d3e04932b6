#| kind: wrong
#| what: off-by-one padding: pads world_size - n_rows % world_size rows, a whole extra round when n_rows is already a multiple, so every process gets one row too many
#| expect: shard(10, rank, world_size=2) gives each process 6 rows, more than
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    pad = world_size - n_rows % world_size
    padded = [i % n_rows for i in range(n_rows + pad)]  # wrap around to the first rows
    return padded[rank::world_size]


check_shard(shard)
