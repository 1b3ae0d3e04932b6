#| kind: right
#| what: the PyTorch tutorial's "general checkpoint" keys plus the default generator's state (get_state/set_state), model.train() after loading, with asserts and a print
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    # as in the PyTorch tutorial "Saving and loading a general checkpoint", plus the random state
    torch.save({
        "epoch": epoch,
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),
        "rng_state": torch.default_generator.get_state(),  # the DataLoader's shuffle draws from the default generator
    }, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)  # never torch.load(path) with weights_only=False: it could run code
    assert set(checkpoint) == {"epoch", "model_state_dict", "optimizer_state_dict", "rng_state"}, checkpoint.keys()
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    torch.default_generator.set_state(checkpoint["rng_state"])
    model.train()  # the tutorial: call model.train() when resuming training
    start_epoch = checkpoint["epoch"] + 1
    print(f"resuming from {path}: epoch {checkpoint['epoch']} done, starting at epoch {start_epoch}")
    return start_epoch


check_checkpoint(save_checkpoint, load_checkpoint)
