#| kind: wrong
#| what: caches the weights on self at the first call: state kept between calls, with the first batch's size and device
#| expect: On a batch of 5 rows (an epoch's last batch is shorter when the
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        if not hasattr(self, "row_weights"):  # make them once, not at every step
            self.row_weights = torch.ones(len(y), 1, device=self.device)
        weights = self.row_weights
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
