#| kind: right
#| what: knows PyTorch: torch.manual_seed inside torch.random.fork_rng (global state restored after), then maps 6a-style positions through the permutation
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def _positions(n_rows, rank, world_size):
    """6a again: the positions rank gets, padding wraps round to the start."""
    steps = -(-n_rows // world_size)
    return [p % n_rows for p in range(rank, steps * world_size, world_size)]


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    # fork_rng saves the global RNG state and restores it on exit, so the caller's random state is untouched
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed + epoch)
        permutation = torch.randperm(n_rows)
    return [permutation[p].item() for p in _positions(n_rows, rank, world_size)]


check_shuffled_shard(shuffled_shard)
