#| kind: wrong
#| what: saves the seed (torch.initial_seed) and re-seeds on load: that restarts the random stream instead of continuing it
#| expect: load_checkpoint seeds torch's generator
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "seed": torch.initial_seed(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.manual_seed(checkpoint["seed"])  # same seed as the original run
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
