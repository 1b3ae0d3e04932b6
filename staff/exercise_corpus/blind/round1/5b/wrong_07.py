#| kind: wrong
#| what: the losses go through a float32 tensor: two different losses can round to the same value and count as a tie
#| expect: answers as if the losses were rounded to float32
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    losses = torch.tensor(val_losses)  # float32 by default
    best = int(torch.argmin(losses))
    return bool(len(losses) - 1 - best >= patience)


check_should_stop(should_stop)
