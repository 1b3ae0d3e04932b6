#| kind: wrong
#| what: dropped return value: builds the padded, dealt rows but never returns them (the function returns None)
#| expect: shard(10, rank, world_size=2) returns None, not a list of row numbers
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    num_samples = math.ceil(n_rows / world_size)
    total_size = num_samples * world_size
    indices = list(range(n_rows))
    indices = (indices * math.ceil(total_size / max(n_rows, 1)))[:total_size]
    rows = indices[rank:total_size:world_size]


check_shard(shard)
