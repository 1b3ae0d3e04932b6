#| kind: wrong
#| what: seeds the generator with seed only, ignoring epoch (set_epoch forgotten): the same order every epoch
#| expect: shuffled_shard(10, rank, world_size=2, epoch, seed=0) deals the
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator()
    g.manual_seed(seed)
    indices = torch.randperm(n_rows, generator=g).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    indices = (indices * math.ceil(total / n_rows))[:total]  # pad with the first ones again
    return indices[rank::world_size]


check_shuffled_shard(shuffled_shard)
