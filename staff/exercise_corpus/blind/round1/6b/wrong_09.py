#| kind: wrong
#| what: deals first, then shuffles only its own share: every process keeps the same rows every epoch
#| expect: shuffles each process's own share
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    total = math.ceil(n_rows / world_size) * world_size
    mine = [i % n_rows for i in range(total)][rank::world_size]
    generator = torch.Generator().manual_seed(seed + epoch)
    return [mine[i] for i in torch.randperm(len(mine), generator=generator).tolist()]


check_shuffled_shard(shuffled_shard)
