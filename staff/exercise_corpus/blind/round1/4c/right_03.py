#| kind: right
#| what: Tensor.to(other): made on the CPU, then moved to y's device and dtype in one call
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(y.shape[0], 1).to(y)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
