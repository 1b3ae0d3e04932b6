#| kind: wrong
#| what: shuffles with the global random state (torch.randperm without a generator): each process draws its own order, so rows are seen twice or never
#| expect: shuffled_shard(10, 0, 2, 0, 0) gives [5, 1, 0, 9, 7] in one process
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    indices = torch.randperm(n_rows).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    indices = (indices * math.ceil(total / n_rows))[:total]  # pad with the first ones again
    return indices[rank::world_size]


check_shuffled_shard(shuffled_shard)
