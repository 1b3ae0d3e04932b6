#| kind: right
#| what: over-engineered: a small helper class per step, gradients cleared by hand (p.grad = None), inputs moved to the model's device, explicit reduction="mean"
# Exercise 1b: write the five steps (forward, loss, zero grad, backward, step) and return the loss as a number.
class _FiveSteps:
    """One optimisation step, spelled out so each stage can be inspected."""

    def __init__(self, model, optimizer):
        self.model, self.optimizer = model, optimizer
        self.device = next(model.parameters()).device

    def forward(self, x):
        return self.model(x.to(self.device))

    def loss(self, y_hat, y):
        return F.mse_loss(y_hat, y.to(self.device), reduction="mean")

    def zero_grad(self):
        for group in self.optimizer.param_groups:
            for p in group["params"]:
                p.grad = None  # what zero_grad(set_to_none=True) does

    def __call__(self, x, y):
        y_hat = self.forward(x)  # 1. forward
        loss = self.loss(y_hat, y)  # 2. loss
        self.zero_grad()  # 3. zero grad
        loss.backward()  # 4. backward
        self.optimizer.step()  # 5. step
        return loss.detach().cpu().item()


def train_step(model, optimizer, x, y):
    return _FiveSteps(model, optimizer)(x, y)


check_train_step(train_step)
