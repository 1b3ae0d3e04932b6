#| kind: wrong
#| what: wrong ceiling formula (n_rows + world_size) // world_size: one padded row too many per process whenever n_rows divides evenly
#| expect: shard(10, rank, world_size=2) gives each process 6 rows, more than
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    per_process = (n_rows + world_size) // world_size  # round up
    total = per_process * world_size
    rows = [i % n_rows for i in range(total)]
    return rows[rank::world_size]


check_shard(shard)
