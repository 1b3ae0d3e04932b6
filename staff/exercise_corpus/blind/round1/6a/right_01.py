#| kind: right
#| what: cycle the row numbers with i % n_rows up to a multiple of world_size, then slice from rank with step world_size
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size  # padded up to a multiple of world_size
    padded = [i % n_rows for i in range(total)]  # 0, 1, ..., n_rows - 1, then the first ones again
    return padded[rank::world_size]


check_shard(shard)
