#| kind: wrong
#| what: half done: save_checkpoint written, load_checkpoint still raises NotImplementedError
#| expect: not done yet
# Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from.
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    raise NotImplementedError("Exercise 5a: write save_checkpoint and load_checkpoint; load_checkpoint returns the epoch to start from. Replace this line with your answer.")


check_checkpoint(save_checkpoint, load_checkpoint)
