#| kind: wrong
#| what: pads each short process with row 0 instead of continuing with the first rows in order (right only with 2 processes)
#| expect: shard(10, rank, world_size=3) pads with rows [0, 0], but
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    rows = list(range(rank, n_rows, world_size))
    per_process = math.ceil(n_rows / world_size)
    while len(rows) < per_process:
        rows.append(0)  # pad with the first row again
    return rows


check_shard(shard)
