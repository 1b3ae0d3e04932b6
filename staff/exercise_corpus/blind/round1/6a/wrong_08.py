#| kind: wrong
#| what: state kept between calls: caches the padded rows by n_rows only, reused with another world_size
#| expect: it keeps something from an earlier call
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
_padded_rows = {}


def shard(n_rows, rank, world_size):
    if n_rows not in _padded_rows:  # computed once, for the first world_size seen
        total = math.ceil(n_rows / world_size) * world_size
        _padded_rows[n_rows] = [i % n_rows for i in range(total)]
    return _padded_rows[n_rows][rank::world_size]


check_shard(shard)
