#| kind: right
#| what: copied from Lightning's docs: training_step returns a dict {"loss": loss} (Lightning trains on its "loss" key) and configure_optimizers returns a dict {"optimizer": SGD(...)} with no scheduler
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
        loss = F.mse_loss(self.model(x), y)
        return {"loss": loss}

    def configure_optimizers(self):
        return {"optimizer": torch.optim.SGD(self.parameters(), lr=self.hparams.lr)}


check_lit_module(LitRegressor)
