#| kind: right
#| what: a small sweep with vanilla/minimal.py over 3 epochs that keeps the finite lr with the lowest last-epoch mean loss (0.1)
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
import contextlib
import io
import math

from task.config import TrainConfig
from vanilla.minimal import train


def last_epoch_loss(candidate, epochs=3):
    config = TrainConfig(lr=candidate, epochs=epochs)
    with contextlib.redirect_stdout(io.StringIO()):  # minimal.py prints every other batch
        losses, _ = train(config)
    per_epoch = len(losses) // epochs
    return torch.stack(losses[-per_epoch:]).mean().item()


results = {candidate: last_epoch_loss(candidate) for candidate in (0.01, 0.03, 0.1, 0.3, 1.0)}
for candidate, loss in results.items():
    print(f"lr {candidate:<5} last epoch {loss:.4g}")
lr = min((loss, candidate) for candidate, loss in results.items() if math.isfinite(loss))[1]
print("chosen lr:", lr)
check_learning_rate(lr)
