#| kind: right
#| what: torch.ones_like(y): the target's shape (N, 1), device and dtype in one call
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones_like(y)  # same shape (len(y), 1), same device, same dtype as the batch
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
