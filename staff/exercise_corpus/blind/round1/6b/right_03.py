#| kind: right
#| what: helper deal() for the padding and dealing, applied to randperm drawn from torch.Generator().manual_seed(seed + epoch)
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def _deal(rows, rank, world_size):
    """Pad rows with its first ones again up to a multiple of world_size, then deal like cards."""
    per_process = -(-len(rows) // world_size)
    return [rows[(rank + k * world_size) % len(rows)] for k in range(per_process)]


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    rng = torch.Generator().manual_seed(seed + epoch)  # never the global random state
    permutation = torch.randperm(n_rows, generator=rng)
    return _deal(permutation.tolist(), rank, world_size)


check_shuffled_shard(shuffled_shard)
