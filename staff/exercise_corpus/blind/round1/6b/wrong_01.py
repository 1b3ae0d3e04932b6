#| kind: wrong
#| what: shuffles with the global random state (torch.randperm without a generator): every process draws its own order
#| expect: differs only in its global random state
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    padded = [order[i % n_rows] for i in range(total)]
    return padded[rank::world_size]


check_shuffled_shard(shuffled_shard)
