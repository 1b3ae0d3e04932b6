#| kind: right
#| what: torch version: arange of the padded length modulo n_rows, reshaped to (steps, world_size), column rank
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    steps = -(-n_rows // world_size)  # ceil division without floats
    padded = torch.arange(steps * world_size) % n_rows  # 0..n_rows-1, then the first rows again
    table = padded.view(steps, world_size)  # one row of the table per "round of dealing"
    return table[:, rank].tolist()


check_shard(shard)
