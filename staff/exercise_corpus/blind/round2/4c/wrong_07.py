#| kind: wrong
#| what: batch.device: the batch is a list (x, y), which has no .device (AttributeError)
#| expect: raised AttributeError
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device=batch.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
