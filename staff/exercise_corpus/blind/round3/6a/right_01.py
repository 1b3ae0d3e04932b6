#| kind: right
#| what: re-implements DistributedSampler.__iter__ for shuffle=False: pad by repeating the list from the start, then take every world_size-th index from rank
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    # same arithmetic as torch.utils.data.distributed.DistributedSampler with drop_last=False
    num_samples = math.ceil(n_rows / world_size)
    total_size = num_samples * world_size
    indices = list(range(n_rows))
    padding_size = total_size - len(indices)
    if padding_size <= len(indices):
        indices += indices[:padding_size]
    else:  # fewer rows than padding needed: repeat the whole list as many times as it takes
        indices += (indices * math.ceil(padding_size / len(indices)))[:padding_size]
    assert len(indices) == total_size
    mine = indices[rank:total_size:world_size]
    assert len(mine) == num_samples
    return mine


check_shard(shard)
