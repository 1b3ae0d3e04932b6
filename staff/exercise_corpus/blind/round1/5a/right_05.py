#| kind: right
#| what: a flat dict, restores in a loop over (key, target) pairs with load_state_dict, asserts on what weights_only gave back
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save(dict(epoch=epoch, rng_state=torch.get_rng_state(), model=model.state_dict(),
                    optimizer=optimizer.state_dict()), str(path))


def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(str(path), weights_only=True)
    for key, target in (("model", model), ("optimizer", optimizer)):
        target.load_state_dict(ckpt[key])
    rng_state = ckpt["rng_state"]
    assert rng_state.dtype == torch.uint8, rng_state.dtype  # what torch.set_rng_state expects
    torch.set_rng_state(rng_state)
    finished = ckpt["epoch"]
    return finished + 1


check_checkpoint(save_checkpoint, load_checkpoint)
