#| kind: wrong
#| what: typo: assigns weight but the return line uses weights, a NameError
#| expect: NameError
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weight = torch.ones_like(y)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
