#| kind: wrong
#| what: calls weights.to(self.device) without assigning the result: Tensor.to is not in place, the weights stay on the CPU
#| expect: training_step makes a tensor on the CPU and sends it to meta with
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1)
        weights.to(self.device)
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
