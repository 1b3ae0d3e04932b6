#| kind: right
#| what: over-engineered: a Trainer-like helper class with a closure passed to optimizer.step and a results list it hands back
# Exercise 2a: put the model in training mode, do the five steps on every batch, and return the per-step losses.
class EpochRunner:
    """Runs one epoch of the five steps; keeps nothing between epochs."""

    def __init__(self, model, optimizer):
        self.model = model
        self.optimizer = optimizer

    def _step(self, x, y):
        def closure():
            self.optimizer.zero_grad()
            loss = F.mse_loss(self.model(x), y)
            loss.backward()
            return loss

        return self.optimizer.step(closure).item()

    def run(self, loader):
        self.model.train()
        return [self._step(x, y) for x, y in loader]


def train_epoch(model, optimizer, train_loader):
    return EpochRunner(model, optimizer).run(train_loader)


check_train_epoch(train_epoch)
