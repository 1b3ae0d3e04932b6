#| kind: wrong
#| what: state kept between calls: one generator made on the first call and drawn from again, so the order depends on how many calls came before, not on epoch
#| expect: it keeps something between calls
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
_generator = None


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    global _generator
    if _generator is None:
        _generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(n_rows, generator=_generator).tolist()  # a new order each call
    total = math.ceil(n_rows / world_size) * world_size
    padded = [order[i % n_rows] for i in range(total)]
    return padded[rank::world_size]


check_shuffled_shard(shuffled_shard)
