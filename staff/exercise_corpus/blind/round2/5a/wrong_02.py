#| kind: wrong
#| what: the optimizer's state is not saved: the fresh SGD restarts with zero momentum buffers
#| expect: After load_checkpoint the optimizer's momentum buffers are empty
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    # the optimizer only holds the learning rate, which the new one gets anyway
    torch.save({"model": model.state_dict(), "rng": torch.get_rng_state(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
