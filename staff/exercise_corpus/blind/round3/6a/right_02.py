#| kind: right
#| what: asks torch's own DistributedSampler (num_replicas and rank given, no process group needed) over range(n_rows) and lists what it yields
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
from torch.utils.data.distributed import DistributedSampler


def shard(n_rows, rank, world_size):
    # the docs: DistributedSampler(dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False)
    # a range has a len(), which is all the sampler needs from the "dataset"
    sampler = DistributedSampler(range(n_rows), num_replicas=world_size, rank=rank, shuffle=False)
    rows = [int(i) for i in sampler]
    print(f"rank {rank}/{world_size}: {len(rows)} rows")
    return rows


check_shard(shard)
