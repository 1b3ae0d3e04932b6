#| kind: wrong
#| what: normalises the weights to sum to 1 and still takes .mean(): the loss is divided by the batch size once too often
#| expect: training_step returns 0.2692 on a batch of 10 rows, but with every
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device=self.device) / len(y)  # weights of a weighted mean sum to 1
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
