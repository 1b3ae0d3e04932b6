#| kind: wrong
#| what: chooses the device itself (cuda if available, else cpu) instead of where the batch is: wrong on the meta device, on cuda:1, or when the Trainer runs on the CPU of a GPU machine
#| expect: makes a tensor on
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device="cuda" if torch.cuda.is_available() else "cpu")
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
