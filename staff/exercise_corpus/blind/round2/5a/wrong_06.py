#| kind: wrong
#| what: saves torch.initial_seed() and re-seeds with it on load: the generator restarts at the run's beginning instead of where epoch 2's shuffle would draw
#| expect: load_checkpoint seeds torch's generator (torch.manual_seed)
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "seed": torch.initial_seed(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.manual_seed(checkpoint["seed"])  # same seed, same shuffles
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
