#| kind: wrong
#| what: save_checkpoint draws a random run id after capturing the RNG state, so every save shifts the generator of the run that goes on
#| expect: After load_checkpoint torch's random-number state is not the one
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "rng": torch.get_rng_state(),
        "run_id": torch.randint(0, 2**31 - 1, ()).item(),  # tag, to tell checkpoints of different runs apart
        "epoch": epoch,
    }, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    print("resuming run", checkpoint["run_id"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
