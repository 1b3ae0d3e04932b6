#| kind: right
#| what: stores the next epoch (epoch + 1) in the file and returns it as is; torch.random's get/set_rng_state aliases, other key names and order
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save(
        {
            "next_epoch": epoch + 1,
            "cpu_rng_state": torch.random.get_rng_state(),
            "optim_state": optimizer.state_dict(),
            "weights": model.state_dict(),
        },
        path,
    )


def load_checkpoint(path, model, optimizer):
    saved = torch.load(path, map_location="cpu", weights_only=True)
    torch.random.set_rng_state(saved["cpu_rng_state"])
    optimizer.load_state_dict(saved["optim_state"])
    model.load_state_dict(saved["weights"])
    print(f"resuming from {path} at epoch {saved['next_epoch']}")
    return saved["next_epoch"]


check_checkpoint(save_checkpoint, load_checkpoint)
