#| kind: wrong
#| what: picks the device by torch.cuda.is_available() instead of where the batch is: wrong on meta, mps, cuda:1
#| expect: training_step makes a tensor on the CPU while the module and the
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        device = "cuda" if torch.cuda.is_available() else "cpu"
        weights = torch.ones(len(y), 1, device=device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
