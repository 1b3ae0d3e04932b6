#| kind: wrong
#| what: torch.empty_like: uninitialised memory, not weights of 1
#| expect: its weights are made without values
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.empty_like(y)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
