#| kind: right
#| what: torch.Generator seeded with seed + epoch; padding with a while loop; dealing with enumerate; extra print
# Exercise 6b: shuffle the same way on every process, anew each epoch, then deal the rows as in 6a.
def shuffled_shard(n_rows, rank, world_size, epoch, seed):
    shuffler = torch.Generator().manual_seed(int(seed) + int(epoch))
    rows = torch.randperm(n_rows, generator=shuffler).tolist()
    while len(rows) % world_size:
        rows.append(rows[len(rows) - n_rows])  # first rows of the shuffled order again
    mine = [row for position, row in enumerate(rows) if position % world_size == rank]
    print(f"epoch {epoch}, rank {rank}: {mine[:4]}...")
    return mine


check_shuffled_shard(shuffled_shard)
