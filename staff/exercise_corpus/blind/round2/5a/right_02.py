#| kind: right
#| what: Lightning-style keys (state_dict, optimizer_states, epoch) plus a dict of RNG states: torch's, Python's random, and CUDA's when there is a GPU
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    import random

    rng_states = {"torch": torch.get_rng_state(), "python": random.getstate()}  # random.getstate(): ints and None
    if torch.cuda.is_available():
        rng_states["cuda"] = torch.cuda.get_rng_state_all()
    # numpy's state is left out on purpose: it holds an ndarray, which weights_only=True refuses
    checkpoint = {
        "epoch": epoch,  # the epoch that just ended, as Lightning stores it
        "state_dict": model.state_dict(),
        "optimizer_states": [optimizer.state_dict()],
        "rng_states": rng_states,
    }
    torch.save(checkpoint, path)


def load_checkpoint(path, model, optimizer):
    import random

    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["state_dict"])
    (optimizer_state,) = checkpoint["optimizer_states"]
    optimizer.load_state_dict(optimizer_state)
    rng_states = checkpoint["rng_states"]
    torch.set_rng_state(rng_states["torch"])
    random.setstate(rng_states["python"])
    if "cuda" in rng_states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(rng_states["cuda"])
    return checkpoint["epoch"] + 1  # resume with the epoch after the saved one


check_checkpoint(save_checkpoint, load_checkpoint)
