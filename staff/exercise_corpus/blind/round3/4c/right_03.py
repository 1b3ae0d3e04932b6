#| kind: right
#| what: torch.full with device=x.device and dtype=x.dtype, plus an assert that the weights sit with the batch
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        n_rows = y.size(0)
        weights = torch.full((n_rows, 1), 1.0, device=x.device, dtype=x.dtype)  # no .cuda(): wherever x is
        assert weights.device == y.device, (weights.device, y.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
