#| kind: wrong
#| what: matches the batch's dtype only (dtype=y.dtype): the weights stay on the CPU
#| expect: training_step makes a tensor on the CPU while the module and the
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, dtype=y.dtype)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
