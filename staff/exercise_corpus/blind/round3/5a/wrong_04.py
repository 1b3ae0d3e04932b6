#| kind: wrong
#| what: pickles the model and optimizer objects themselves, so the file cannot be read with weights_only=True
#| expect: The checkpoint holds Python objects (UnpicklingError), so loading
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    # simplest: save the objects, they carry everything with them
    torch.save({"model": model, "optimizer": optimizer, "rng": torch.get_rng_state(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=False)
    model.load_state_dict(checkpoint["model"].state_dict())
    optimizer.load_state_dict(checkpoint["optimizer"].state_dict())
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
