#| kind: wrong
#| what: weights in float64: the loss is promoted to double, unlike the plain float32 mean squared error
#| expect: training_step returns a float64 loss
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device=y.device, dtype=torch.float64)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
