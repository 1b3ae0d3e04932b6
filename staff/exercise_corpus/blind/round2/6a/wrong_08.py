#| kind: wrong
#| what: mutable default argument rows=[] keeps state between calls: each call appends to the rows of the previous ones
#| expect: shard(10, 0, world_size=2) gives [0, 2, 4, 6, 8] the first time and
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size, rows=[]):
    per_process = math.ceil(n_rows / world_size)
    for position in range(rank, per_process * world_size, world_size):
        rows.append(position % n_rows)
    return rows


check_shard(shard)
