#| kind: right
#| what: atomic save (a .partial file then os.replace), helper functions, saves Python's and (if any) CUDA RNG states too, asserts the keys on load
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
import os
import random


def _rng_states():
    states = {"torch": torch.get_rng_state(), "python": random.getstate()}  # python's: a tuple of ints
    if torch.cuda.is_available():  # never calls .cuda() on a machine without one
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def _restore_rng(states):
    torch.set_rng_state(states["torch"])
    random.setstate(states["python"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


def save_checkpoint(path, model, optimizer, epoch):
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "rng": _rng_states(),
             "epoch": int(epoch)}
    partial = f"{path}.partial"
    torch.save(state, partial)
    os.replace(partial, path)  # a crash mid-write never leaves half a checkpoint under the real name


def load_checkpoint(path, model, optimizer):
    state = torch.load(path, weights_only=True)  # refuses anything but tensors, numbers, strings, containers
    assert {"model", "optimizer", "rng", "epoch"} <= state.keys(), f"{path} is not one of our checkpoints"
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    _restore_rng(state["rng"])
    return state["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
