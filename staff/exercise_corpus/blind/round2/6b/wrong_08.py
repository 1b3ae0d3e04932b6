#| kind: wrong
#| what: dropped return value: computes the shard but never returns it (the function returns None)
#| expect: shuffled_shard(10, 0, 2, 0, 0) returns None, not a list of row numbers
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator().manual_seed(seed + epoch)
    order = torch.randperm(n_rows, generator=g).tolist()
    per_process = math.ceil(n_rows / world_size)
    total = per_process * world_size
    order = (order * math.ceil(total / n_rows))[:total]
    my_rows = order[rank::world_size]


check_shuffled_shard(shuffled_shard)
