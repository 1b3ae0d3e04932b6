#| kind: wrong
#| what: pads with copies of the LAST row instead of the first rows again
#| expect: shard(10, rank, world_size=3) pads with rows [9, 9], but
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    rows = list(range(n_rows))
    while len(rows) < total:
        rows.append(rows[-1])  # repeat the last row until it divides evenly
    return rows[rank::world_size]


check_shard(shard)
