#| kind: right
#| what: copied from the docs: a real DistributedSampler over range(n_rows), given num_replicas and rank, no process group needed
# Exercise 6a: return the rows process `rank` trains on, dealt as DistributedSampler(shuffle=False) deals them.
def shard(n_rows, rank, world_size):
    from torch.utils.data import DistributedSampler

    # num_replicas and rank passed explicitly, so no init_process_group is needed
    sampler = DistributedSampler(range(n_rows), num_replicas=world_size, rank=rank, shuffle=False)
    return list(sampler)


check_shard(shard)
