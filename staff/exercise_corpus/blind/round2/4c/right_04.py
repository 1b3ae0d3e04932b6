#| kind: right
#| what: made on the CPU, then .to(y): moved to the target tensor's device and dtype, with an assert
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).to(y)  # Tensor.to(other) copies other's device and dtype
        assert weights.device == y.device
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
