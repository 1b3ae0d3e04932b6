#| kind: right
#| what: torch.ones_like(y): same shape, device and dtype as the targets
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones_like(y)  # y is (N, 1): one weight per row
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
