#| kind: wrong
#| what: contiguous blocks instead of dealing: rank gets rows rank*per .. (rank+1)*per (padded), not rank, rank+world_size, ...
#| expect: shard(10, rank, world_size=2) hands each process a block of
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    rows = list(range(n_rows))
    rows = (rows * math.ceil(total / n_rows))[:total]
    # split the rows into world_size equal chunks, one per process
    return rows[rank * per_process:(rank + 1) * per_process]


check_shard(shard)
