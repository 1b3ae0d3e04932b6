#| kind: wrong
#| what: reseeds the global random state with torch.manual_seed(seed + epoch) inside the sampler (clobbers every other random draw of the process)
#| expect: seeds the global random state (torch.manual_seed
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    torch.manual_seed(seed + epoch)
    order = torch.randperm(n_rows).tolist()
    total = math.ceil(n_rows / world_size) * world_size
    padded = [order[i % n_rows] for i in range(total)]
    return padded[rank::world_size]


check_shuffled_shard(shuffled_shard)
