#| kind: wrong
#| what: hard-codes .cuda(): fails on a machine without CUDA and on any other device
#| expect: training_step names the GPU itself
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).cuda()
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
