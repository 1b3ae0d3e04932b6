#| kind: right
#| what: direct arithmetic: the k-th row of process rank is (rank + k * world_size) % n_rows, k < ceil(n_rows / world_size)
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    assert 0 <= rank < world_size, "rank must be one of the world_size processes"
    per_process = -(-n_rows // world_size)  # ceiling division, without floats
    return [(rank + k * world_size) % n_rows for k in range(per_process)]


check_shard(shard)
