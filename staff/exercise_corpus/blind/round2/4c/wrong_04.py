#| kind: wrong
#| what: rows counted by the number of features (self.hparams.n_features) instead of len(y): works only while the batch size is 10
#| expect: On a batch of 10 rows training_step raises "The size of tensor a
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(self.hparams.n_features, 1, device=self.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
