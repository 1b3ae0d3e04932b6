#| kind: right
#| what: a small learning-rate sweep with the vanilla loop of lesson 2 (3 epochs, its prints hidden), keeping the finite rate with the lowest last-epoch mean loss
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
import contextlib
import io
import math

import vanilla.minimal
from task.config import TrainConfig


def last_epoch_loss(candidate, epochs=3):
    with contextlib.redirect_stdout(io.StringIO()):  # minimal.py prints every other batch
        losses, _ = vanilla.minimal.train(TrainConfig(lr=candidate, epochs=epochs))
    per_epoch = len(losses) // epochs
    return torch.stack(losses[-per_epoch:]).mean().item()


sweep = {candidate: last_epoch_loss(candidate) for candidate in (0.01, 0.03, 0.1, 0.2, 0.3, 1.0)}
for candidate, loss in sweep.items():
    print(f"lr={candidate:<5} last epoch mean loss {loss:.4g}")
lr = min((candidate for candidate in sweep if math.isfinite(sweep[candidate])), key=sweep.get)
print("chosen lr:", lr)
check_learning_rate(lr)
