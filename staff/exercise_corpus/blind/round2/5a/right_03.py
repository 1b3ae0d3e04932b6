#| kind: right
#| what: in a hurry: a plain list [weights, optimizer state, RNG state, epoch] unpacked on load
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save([model.state_dict(), optimizer.state_dict(), torch.get_rng_state(), epoch], path)


def load_checkpoint(path, model, optimizer):
    weights, opt_state, rng, epoch = torch.load(path, weights_only=True)
    model.load_state_dict(weights); optimizer.load_state_dict(opt_state); torch.set_rng_state(rng)
    return epoch + 1


check_checkpoint(save_checkpoint, load_checkpoint)
