#| kind: right
#| what: torch.argmin on a float64 tensor (first minimum on ties), converted to a Python bool
# Exercise 5b: return True when the lowest val_loss so far is `patience` validations old.
def should_stop(val_losses, patience):
    if not val_losses:
        return False
    losses = torch.tensor(val_losses, dtype=torch.float64)  # float64: no two different losses rounded into a tie
    best = int(torch.argmin(losses))  # the first of equal minima
    since_best = losses.numel() - 1 - best
    print(f"best val_loss {losses[best].item():.4f} at validation {best}, {since_best} validation(s) ago")
    return bool(since_best >= max(patience, 1))


check_should_stop(should_stop)
