#| kind: wrong
#| what: gives each process a contiguous block of rows (chunking) instead of dealing every world_size-th row
#| expect: shard(10, rank, world_size=2) hands each process a block of
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    indices = list(range(n_rows))
    indices += indices[: per_process * world_size - n_rows]  # pad with the first rows
    start = rank * per_process
    return indices[start:start + per_process]


check_shard(shard)
