#| kind: right
#| what: a small scan in the cell with vanilla.minimal over 3 epochs, keeping the lr whose last epoch has the lowest mean loss
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
from contextlib import redirect_stdout
from io import StringIO

import vanilla.minimal as vanilla_minimal
from task.config import TrainConfig


def last_epoch_loss(candidate, epochs=3):
    with redirect_stdout(StringIO()):  # the loop prints every other batch
        losses, _ = vanilla_minimal.train(TrainConfig(lr=candidate, epochs=epochs))
    per_epoch = len(losses) // epochs
    return torch.stack(losses[-per_epoch:]).mean().item()


scan = {candidate: last_epoch_loss(candidate) for candidate in (0.01, 0.03, 0.1, 0.15, 0.2)}
for candidate, loss in scan.items():
    print(f"lr {candidate:<5} last epoch mean loss {loss:.4f}")
lr = min(scan, key=scan.get)
print("chosen lr:", lr)
check_learning_rate(lr)
