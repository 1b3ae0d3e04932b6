#| kind: right
#| what: vectorised: torch.argmin (the first of equal minima) gives the best epoch, its age compared with max(patience, 1)
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if len(val_losses) == 0:
        return False  # before the first validation there is nothing to compare
    losses = torch.tensor([float(loss) for loss in val_losses], dtype=torch.float64)
    best_epoch = int(torch.argmin(losses))  # the first index of the minimum: a later tie is no improvement
    age = len(losses) - 1 - best_epoch  # validations since the best one
    # an age of 0 means the last validation improved, and Lightning never stops on an improvement (patience=0 included)
    return age >= max(patience, 1)


check_should_stop(should_stop)
