#| kind: wrong
#| what: pads before shuffling (shuffles the padded list), so other rows are repeated than DistributedSampler repeats
#| expect: is shuffled in among the others
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    total = math.ceil(n_rows / world_size) * world_size
    padded = [i % n_rows for i in range(total)]
    generator = torch.Generator().manual_seed(seed + epoch)
    order = [padded[i] for i in torch.randperm(total, generator=generator).tolist()]
    return order[rank::world_size]


check_shuffled_shard(shuffled_shard)
