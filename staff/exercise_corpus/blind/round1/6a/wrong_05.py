#| kind: wrong
#| what: rank treated as 1-based: starts dealing at rank + 1, so row 0 is never dealt and the last rank is short
#| expect: the ranks are counted one off
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    total = math.ceil(n_rows / world_size) * world_size
    padded = [i % n_rows for i in range(total)]
    return padded[rank + 1::world_size]


check_shard(shard)
