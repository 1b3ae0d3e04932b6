#| kind: right
#| what: torch.full on x's device, sized from x, with an assert that it sits where the batch is
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.full((x.shape[0], 1), 1.0, device=x.device)
        assert weights.device == y.device
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
