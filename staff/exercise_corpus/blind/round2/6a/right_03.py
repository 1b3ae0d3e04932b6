#| kind: right
#| what: beginner's loop over the padded positions, wrapping round with % n_rows, with prints and an assert
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    # how many rows each process gets (round up so nobody is left with fewer)
    per_process = n_rows // world_size
    if n_rows % world_size != 0:
        per_process = per_process + 1
    total = per_process * world_size
    my_rows = []
    for position in range(rank, total, world_size):
        # positions past the end wrap round to the first rows again (the padding)
        my_rows.append(position % n_rows)
    assert len(my_rows) == per_process
    print(f"rank {rank}/{world_size}: {len(my_rows)} rows")
    return my_rows


check_shard(shard)
