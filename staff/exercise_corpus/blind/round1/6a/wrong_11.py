#| kind: wrong
#| what: dropped return value: computes the rows and prints them but returns None
#| expect: returns None, not a list of row numbers
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    padded = [i % n_rows for i in range(total)]
    mine = padded[rank::world_size]
    print(f"rank {rank}: {mine}")


check_shard(shard)
