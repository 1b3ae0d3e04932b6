#| kind: wrong
#| what: pickles the model and optimizer objects, not their state_dicts: torch.load(weights_only=True) refuses the file
#| expect: The checkpoint holds Python objects
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model, "optimizer": optimizer, "rng": torch.get_rng_state(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"].state_dict())
    optimizer.load_state_dict(checkpoint["optimizer"].state_dict())
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
