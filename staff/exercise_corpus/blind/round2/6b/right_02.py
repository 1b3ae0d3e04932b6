#| kind: right
#| what: copied from the docs: DistributedSampler(range(n_rows), num_replicas, rank, shuffle=True, seed=seed) then set_epoch(epoch)
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    from torch.utils.data import DistributedSampler

    sampler = DistributedSampler(range(n_rows), num_replicas=world_size, rank=rank, shuffle=True, seed=seed)
    sampler.set_epoch(epoch)  # as in the training loop: a new order each epoch, the same on every rank
    return [int(i) for i in sampler]


check_shuffled_shard(shuffled_shard)
