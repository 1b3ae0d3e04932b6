#| kind: right
#| what: uses torch's DistributedSampler itself with shuffle=True, seed=seed and set_epoch(epoch), a fresh sampler per call
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
from torch.utils.data import DistributedSampler


def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    sampler = DistributedSampler(
        list(range(n_rows)), num_replicas=world_size, rank=rank, shuffle=True, seed=seed, drop_last=False
    )
    sampler.set_epoch(epoch)  # without this every epoch would repeat epoch 0's order
    out = list(iter(sampler))
    assert len(out) == len(sampler)
    return out


check_shuffled_shard(shuffled_shard)
