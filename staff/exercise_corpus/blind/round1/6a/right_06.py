#| kind: right
#| what: pads a list in a while loop by appending indices[len - n_rows] (the first rows again), then deals with a for loop
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    indices = list(range(n_rows))
    while len(indices) % world_size != 0:
        indices.append(indices[len(indices) - n_rows])  # row 0, then 1, ... (wraps if world_size > n_rows)
    mine = []
    for position in range(rank, len(indices), world_size):  # deal like cards
        mine.append(indices[position])
    return mine


check_shard(shard)
