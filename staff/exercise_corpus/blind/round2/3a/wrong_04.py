#| kind: wrong
#| what: the learning rate is hard-coded to 0.01 (the config default) instead of self.hparams.lr: right only when the module is built with lr=0.01
#| expect: configure_optimizers' optimizer has lr=0.01, but the module was
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
        loss = F.mse_loss(self(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.01)


check_lit_module(LitRegressor)
