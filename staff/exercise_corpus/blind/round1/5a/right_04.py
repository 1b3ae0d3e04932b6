#| kind: right
#| what: torch.default_generator.get_state()/set_state() for the RNG, writes through an open file object, clones the state
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    # the DataLoader's shuffle draws from the default CPU generator: its state must travel with the weights
    generator_state = torch.default_generator.get_state().clone()
    with open(path, "wb") as file:
        torch.save({"epoch": epoch, "generator": generator_state,
                    "model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict()}, file)


def load_checkpoint(path, model, optimizer):
    with open(path, "rb") as file:
        ckpt = torch.load(file, weights_only=True)
    model.load_state_dict(ckpt["model_state_dict"])
    optimizer.load_state_dict(ckpt["optimizer_state_dict"])  # momentum buffers, lr, momentum
    torch.default_generator.set_state(ckpt["generator"])
    start_epoch = ckpt["epoch"] + 1
    return start_epoch


check_checkpoint(save_checkpoint, load_checkpoint)
