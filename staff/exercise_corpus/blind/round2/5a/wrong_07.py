#| kind: wrong
#| what: saves and restores the CUDA generators (torch.cuda.get_rng_state_all) instead of the CPU generator the DataLoader's shuffle draws from
#| expect: load_checkpoint leaves torch's random-number state as it found it
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "rng": torch.cuda.get_rng_state_all(), "epoch": epoch}, path)  # one state per GPU


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.cuda.set_rng_state_all(checkpoint["rng"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
