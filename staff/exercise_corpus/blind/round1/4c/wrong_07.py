#| kind: wrong
#| what: zeros instead of ones: every row weighs 0, the loss is 0 and nothing trains
#| expect: with every row's weight 1 the loss is the plain mean squared error
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.zeros_like(y)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
