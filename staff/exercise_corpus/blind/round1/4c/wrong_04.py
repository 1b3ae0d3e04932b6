#| kind: wrong
#| what: hard-codes device="meta", the check's stand-in, so real training on a CPU or GPU fails
#| expect: training_step makes a tensor on meta
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device="meta")
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
