#| kind: right
#| what: torch: (torch.arange(padded) % n_rows)[rank::world_size].tolist(), with asserts on equal shares
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    shares = math.ceil(n_rows / world_size)
    rows = torch.arange(shares * world_size) % n_rows  # wrap around: the padding repeats rows 0, 1, ...
    mine = rows[rank::world_size].tolist()
    assert len(mine) == shares, (len(mine), shares)  # every process gets the same number of rows
    return mine


check_shard(shard)
