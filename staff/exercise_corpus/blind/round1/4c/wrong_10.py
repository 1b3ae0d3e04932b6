#| kind: wrong
#| what: a new object each step, stored on the module: an nn.Parameter assigned to self registers a new parameter (and a state_dict key) the optimizer never sees
#| expect: training_step adds a parameter self.weights
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        self.weights = torch.nn.Parameter(torch.ones(len(y), 1, device=y.device))
        weights = self.weights
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
