#| kind: right
#| what: over-engineered: atomic write via a temporary file and os.replace, cloned CPU tensors, numpy state as tensors, asserts on load
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
import os

import numpy as np

FORMAT = "resume-v1"


def _numpy_state():
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    return {"kind": kind, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos),
            "has_gauss": int(has_gauss), "cached": float(cached)}


def _set_numpy_state(saved):
    np.random.set_state((saved["kind"], saved["keys"].numpy().astype(np.uint32), saved["pos"],
                         saved["has_gauss"], saved["cached"]))


def save_checkpoint(path, model, optimizer, epoch):
    state = {
        "format": FORMAT,
        "epoch": int(epoch),
        "model": {name: tensor.detach().cpu().clone() for name, tensor in model.state_dict().items()},
        "optimizer": optimizer.state_dict(),
        "torch_rng": torch.get_rng_state().clone(),
        "numpy_rng": _numpy_state(),
    }
    tmp = f"{path}.tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)  # never leaves half a file under the real name


def load_checkpoint(path, model, optimizer):
    state = torch.load(path, map_location="cpu", weights_only=True)
    assert state["format"] == FORMAT, f"{path} is not a checkpoint of mine"
    missing, unexpected = model.load_state_dict(state["model"], strict=True)
    assert not missing and not unexpected
    optimizer.load_state_dict(state["optimizer"])
    _set_numpy_state(state["numpy_rng"])
    torch.set_rng_state(state["torch_rng"])  # last: nothing after it may draw a random number
    start = state["epoch"] + 1
    assert start >= 1
    return start


check_checkpoint(save_checkpoint, load_checkpoint)
