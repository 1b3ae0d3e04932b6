#| kind: wrong
#| what: deals first and shuffles after: each process shuffles only its own fixed share, so it sees the same rows every epoch
#| expect: shuffled_shard(10, rank, world_size=2, epoch, seed=0) gives each
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    total = math.ceil(n_rows / world_size) * world_size
    padded = [i % n_rows for i in range(total)]
    mine = padded[rank::world_size]  # deal as in 6a
    g = torch.Generator()
    g.manual_seed(seed + epoch)
    order = torch.randperm(len(mine), generator=g).tolist()
    return [mine[i] for i in order]


check_shuffled_shard(shuffled_shard)
