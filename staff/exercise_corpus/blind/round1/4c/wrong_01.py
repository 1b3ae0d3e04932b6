#| kind: wrong
#| what: device trap left in: torch.ones(len(y), 1) is made on the CPU, wherever the batch is
#| expect: training_step makes a tensor on the CPU
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
