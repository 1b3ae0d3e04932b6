#| kind: wrong
#| what: hard-coded .cuda(): crashes on any machine without CUDA, and puts the weights on cuda:0 whatever device the batch is on
#| expect: training_step names the GPU itself ("Torch not compiled with CUDA
# Exercise 4c: make the row weights where the batch is, so that training_step runs on a GPU too.
class Fixed(minimal.LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).cuda()
        return (weights * (self.model(x) - y) ** 2).mean()


check_device_trap(Fixed)
