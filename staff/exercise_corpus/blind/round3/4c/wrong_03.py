#| kind: wrong
#| what: sizes the weights by n_features instead of the batch's rows: works only while the batch size happens to equal n_features (10)
#| expect: On a batch of 10 rows training_step raises "The size of tensor a
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(self.hparams.n_features, 1, device=self.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
