#| kind: wrong
#| what: shuffles with the global random state (torch.randperm without a generator, seed and epoch unused): every process draws its own order
#| expect: shuffled_shard(10, 0, 2, 0, 0) gives [5, 1, 0, 9, 7] in one process
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    order = torch.randperm(n_rows).tolist()
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
