#| kind: wrong
#| what: typo in the variable name (weigths), so the given return line raises NameError
#| expect: raised NameError
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weigths = torch.ones(len(y), 1, device=self.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
