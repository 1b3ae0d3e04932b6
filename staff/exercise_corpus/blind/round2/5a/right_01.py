#| kind: right
#| what: a dict of the two state_dicts, torch.random's RNG state and the next epoch to run, written to a temporary file then renamed into place
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    import os

    # everything the next epoch depends on; only tensors, dicts/lists of them and ints
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),  # SGD's momentum buffers live here
        "rng": torch.random.get_rng_state(),  # the next shuffle is drawn from this generator
        "next_epoch": epoch + 1,  # epoch has just finished, so training goes on with the one after it
    }
    partial = f"{path}.partial"
    torch.save(state, partial)
    os.replace(partial, path)  # a crash while saving never leaves half a file under `path`


def load_checkpoint(path, model, optimizer):
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.random.set_rng_state(state["rng"])
    return state["next_epoch"]


check_checkpoint(save_checkpoint, load_checkpoint)
