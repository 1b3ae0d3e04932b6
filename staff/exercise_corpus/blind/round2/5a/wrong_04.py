#| kind: wrong
#| what: the epoch is advanced twice (epoch + 1 saved, and + 1 again on load), so the resumed run skips an epoch
#| expect: load_checkpoint returns 3 after a run whose last save_checkpoint
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch + 1}, path)  # the next epoch to run


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1  # start after the saved epoch


check_checkpoint(save_checkpoint, load_checkpoint)
