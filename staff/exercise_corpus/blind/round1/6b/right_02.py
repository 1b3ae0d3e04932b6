#| kind: right
#| what: real DistributedSampler(shuffle=True, seed=seed) over range(n_rows), set_epoch(epoch), listed
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
from torch.utils.data import DistributedSampler


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    sampler = DistributedSampler(range(n_rows), num_replicas=world_size, rank=rank, shuffle=True, seed=seed)
    sampler.set_epoch(epoch)  # a new order each epoch, the same on every process
    return list(iter(sampler))


check_shuffled_shard(shuffled_shard)
