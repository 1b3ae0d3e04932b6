#| kind: wrong
#| what: torch.zeros_like instead of ones: every row weighs 0, the loss is 0 and nothing trains
#| expect: training_step returns 0.0000 on a batch of 10 rows, but with every
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.zeros_like(y)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
