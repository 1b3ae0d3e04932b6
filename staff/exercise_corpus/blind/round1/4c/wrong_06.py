#| kind: wrong
#| what: state kept between calls: the weights are made once, on the first batch, and cached on the module, so a batch of another size (or a module moved after that call) breaks
#| expect: On a batch of 5 rows
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        if not hasattr(self, "row_weights"):  # make them once, then reuse
            self.row_weights = torch.ones(len(y), 1, device=y.device)
        weights = self.row_weights
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
