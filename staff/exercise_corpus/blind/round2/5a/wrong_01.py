#| kind: wrong
#| what: no random-number state saved: the resumed epochs shuffle differently from the uninterrupted run
#| expect: load_checkpoint leaves torch's random-number state as it found it
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"] + 1


check_checkpoint(save_checkpoint, load_checkpoint)
