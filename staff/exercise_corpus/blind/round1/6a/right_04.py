#| kind: right
#| what: itertools: islice(cycle(range(n_rows))) up to the padded length, then islice from rank with step world_size
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
from itertools import cycle, islice


def shard(n_rows, rank, world_size):
    num_samples = math.ceil(n_rows / world_size)
    total_size = num_samples * world_size
    deck = islice(cycle(range(n_rows)), total_size)  # pad with the first rows again, as often as needed
    dealt = list(islice(deck, rank, total_size, world_size))
    assert len(dealt) == num_samples
    return dealt


check_shard(shard)
