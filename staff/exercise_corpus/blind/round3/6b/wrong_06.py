#| kind: wrong
#| what: state kept between calls: one generator made and seeded on the first call, then reused, so the order depends on how many calls came before, not on epoch (and a later seed is ignored)
#| expect: shuffled_shard(10, 0, 2, 0, 0) gives [4, 7, 3, 0, 6] the first time
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
_generator = None


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    global _generator
    if _generator is None:  # make it once; each call then draws the next epoch's order
        _generator = torch.Generator()
        _generator.manual_seed(seed)
    indices = torch.randperm(n_rows, generator=_generator).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    indices = (indices * math.ceil(total / n_rows))[:total]  # pad with the first ones again
    return indices[rank::world_size]


check_shuffled_shard(shuffled_shard)
