#| kind: right
#| what: asserts the batch is on self.device, prints once at the first global step, loss via torch.nn.functional spelled out, SGD keywords in another order
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        assert x.device == self.device, "the Trainer should have moved the batch to the module's device"
        loss = torch.nn.functional.mse_loss(self(x), y)
        if self.global_step == 0 and batch_idx == 0:
            print(f"first step, on {self.device}")  # a print only; the loss tensor itself is returned
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(lr=self.hparams.lr, params=list(self.parameters()))


check_lit_module(LitRegressor)
