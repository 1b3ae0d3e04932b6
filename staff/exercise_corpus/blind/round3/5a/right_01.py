#| kind: right
#| what: Lightning-style keys (state_dict, optimizer_states list, epoch) plus CPU, CUDA and Python random states; returns epoch + 1
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
import random


def save_checkpoint(path, model, optimizer, epoch):
    # same layout as a Lightning .ckpt, so I can recognise it later
    checkpoint = {
        "epoch": epoch,
        "state_dict": model.state_dict(),
        "optimizer_states": [optimizer.state_dict()],
        "rng_states": {
            "torch": torch.get_rng_state(),
            # a list of ByteTensors, empty without a GPU: still only tensors
            "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
            "python": random.getstate(),  # a tuple of ints and None: weights_only accepts it
        },
    }
    torch.save(checkpoint, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(checkpoint["state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_states"][0])  # momentum buffers come back here
    rng = checkpoint["rng_states"]
    torch.set_rng_state(rng["torch"])
    if rng["cuda"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(rng["cuda"])
    random.setstate(rng["python"])
    return checkpoint["epoch"] + 1  # the saved epoch is finished: go on with the next one


check_checkpoint(save_checkpoint, load_checkpoint)
