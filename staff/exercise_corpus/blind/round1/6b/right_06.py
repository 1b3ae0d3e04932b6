#| kind: right
#| what: randperm with a generator seeded seed + epoch, then itertools cycle/islice for padding and dealing; asserts the global RNG is untouched
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
from itertools import cycle, islice


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    global_state = torch.get_rng_state()
    order = torch.randperm(n_rows, generator=torch.Generator().manual_seed(seed + epoch)).tolist()
    total = world_size * math.ceil(n_rows / world_size)
    mine = list(islice(islice(cycle(order), total), rank, None, world_size))
    assert torch.equal(global_state, torch.get_rng_state())  # the global random state was not used
    return mine


check_shuffled_shard(shuffled_shard)
