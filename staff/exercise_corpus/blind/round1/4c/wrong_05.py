#| kind: wrong
#| what: hard-codes the batch size 10 instead of len(y): breaks on any other batch size or a short last batch
#| expect: On a batch of 5 rows
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(10, 1, device=y.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
