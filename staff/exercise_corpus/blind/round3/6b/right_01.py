#| kind: right
#| what: a private torch.Generator seeded with seed + epoch, torch.randperm with it, then the 6a padding and dealing, as DistributedSampler.__iter__ does
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator()
    g.manual_seed(seed + epoch)  # deterministic on every process, different each epoch
    indices = torch.randperm(n_rows, generator=g).tolist()
    num_samples = math.ceil(n_rows / world_size)
    total_size = num_samples * world_size
    padding_size = total_size - len(indices)
    if padding_size <= len(indices):
        indices += indices[:padding_size]
    else:
        indices += (indices * math.ceil(padding_size / len(indices)))[:padding_size]
    return indices[rank:total_size:world_size]


check_shuffled_shard(shuffled_shard)
