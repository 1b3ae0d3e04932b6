#| kind: wrong
#| what: the epoch is kept in a global variable, not in the file: the last save of any run (or none, in a new process) decides where to resume
#| expect: restores something else from the same file
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
LAST_EPOCH = -1


def save_checkpoint(path, model, optimizer, epoch):
    global LAST_EPOCH
    LAST_EPOCH = epoch
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "rng": torch.get_rng_state()}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return LAST_EPOCH + 1


check_checkpoint(save_checkpoint, load_checkpoint)
