#| kind: right
#| what: beginner's plain dict, stores the next epoch directly, loads the optimizer before the model, prints what it did
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    next_epoch = epoch + 1
    ckpt = {}
    ckpt["next_epoch"] = next_epoch
    ckpt["weights"] = model.state_dict()
    ckpt["opt"] = optimizer.state_dict()
    ckpt["random_state"] = torch.get_rng_state()
    torch.save(ckpt, path)
    print("saved epoch", epoch, "to", path)


def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    optimizer.load_state_dict(ckpt["opt"])
    model.load_state_dict(ckpt["weights"])
    torch.set_rng_state(ckpt["random_state"])
    print("resuming at epoch", ckpt["next_epoch"])
    return ckpt["next_epoch"]


check_checkpoint(save_checkpoint, load_checkpoint)
