#| kind: right
#| what: one dict of the model's and the optimizer's state_dicts, torch's RNG state and the epoch; returns epoch + 1
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    checkpoint = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),  # SGD's momentum buffers live here
        "rng": torch.get_rng_state(),  # the next epoch's shuffle is drawn from it
        "epoch": epoch,
    }
    torch.save(checkpoint, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1  # the saved epoch is finished: start with the next one


check_checkpoint(save_checkpoint, load_checkpoint)
