#| kind: wrong
#| what: share size n_rows // world_size + 1: one padded row too many per process when world_size divides n_rows
#| expect: more than the 5 it needs
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = n_rows // world_size + 1
    padded = [i % n_rows for i in range(per_process * world_size)]
    return padded[rank::world_size]


check_shard(shard)
