#| kind: right
#| what: math.ceil for the share, pads by cycling the row list, then deals with a stride slice
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)  # every process gets this many rows
    total = per_process * world_size
    rows = list(range(n_rows))
    # pad with the first rows again (cycling, in case there are fewer rows than missing slots)
    rows = (rows * math.ceil(total / n_rows))[:total]
    return rows[rank:total:world_size]


check_shard(shard)
