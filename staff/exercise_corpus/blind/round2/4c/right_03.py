#| kind: right
#| what: y.new_ones(...): a new tensor that inherits y's device and dtype
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = y.new_ones((y.shape[0], 1))
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
