#| kind: wrong
#| what: pads with rows[:padding] only once, so with fewer rows than missing slots (n_rows small against world_size) the shares stay unequal
#| expect: shard(2, rank, world_size=5) gives the processes [1, 1, 1, 1, 0] rows
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    rows = list(range(n_rows))
    padding = total - n_rows
    rows += rows[:padding]  # the first rows again
    return rows[rank::world_size]


check_shard(shard)
