#| kind: wrong
#| what: load_checkpoint restores everything but has no return statement, so it returns None instead of the epoch to start from
#| expect: load_checkpoint returns nothing, but its caller needs the epoch to
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    start_epoch = checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
