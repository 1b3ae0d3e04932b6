#| kind: wrong
#| what: pads each short process with its own first row, not with the first rows of the dataset
#| expect: pads with rows [1, 2], but DistributedSampler pads with the first rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    mine = list(range(rank, n_rows, world_size))
    while len(mine) < per_process:
        mine.append(mine[0] if mine else rank % n_rows)
    return mine


check_shard(shard)
