#| kind: wrong
#| what: hard-codes device="meta", the check's stand-in for a GPU: it runs on meta but on no real CPU or GPU
#| expect: training_step makes a tensor on meta while the module and the batch
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device="meta")  # the GPU stand-in
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
