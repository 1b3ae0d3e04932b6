#| kind: wrong
#| what: load_checkpoint restores the optimizer state into a new SGD it builds, not into the optimizer it was given
#| expect: After load_checkpoint the optimizer's momentum buffers are empty
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "rng": torch.get_rng_state(),
        "epoch": epoch,
    }, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    # rebuild the optimizer on the loaded model's parameters, then restore its momentum
    optimizer = torch.optim.SGD(model.parameters(), lr=optimizer.defaults["lr"],
                                momentum=optimizer.defaults["momentum"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
