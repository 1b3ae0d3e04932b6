#| kind: right
#| what: beginner's modular arithmetic: the k-th card of rank is row (rank + k*world_size) wrapped around n_rows, ceil(n_rows/world_size) cards each
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    # padding "with the first ones again" means the row list just goes round in a circle,
    # so position p of the padded list is row p % n_rows
    per_process = -(-n_rows // world_size)  # ceiling division
    rows = []
    k = 0
    while k < per_process:
        position = rank + k * world_size
        rows.append(position % n_rows)
        k += 1
    return rows


check_shard(shard)
