#| kind: wrong
#| what: contiguous blocks (rank's slice of consecutive rows) instead of dealing every world_size-th row
#| expect: hands each process a block of neighbouring rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    padded = [i % n_rows for i in range(per_process * world_size)]
    return padded[rank * per_process:(rank + 1) * per_process]


check_shard(shard)
