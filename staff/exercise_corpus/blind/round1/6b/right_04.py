#| kind: right
#| what: tensors throughout: randperm with a CPU generator, torch.cat padding repeated as needed, strided slice, .tolist()
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    g = torch.Generator(device="cpu")
    g.manual_seed(epoch + seed)
    perm = torch.randperm(n_rows, generator=g)
    total = math.ceil(n_rows / world_size) * world_size
    copies = math.ceil(total / n_rows)
    padded = torch.cat([perm] * copies)[:total]  # the shuffled rows, then their first ones again
    mine = padded[rank:total:world_size]
    assert mine.numel() == total // world_size
    return [int(row) for row in mine]


check_shuffled_shard(shuffled_shard)
