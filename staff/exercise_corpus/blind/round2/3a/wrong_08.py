#| kind: wrong
#| what: configure_optimizers gives SGD only the weight ([self.model.linear.weight]): the bias is never updated
#| expect: configure_optimizers' optimizer does not hold all of the module's
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
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD([self.model.linear.weight], lr=self.hparams.lr)


check_lit_module(LitRegressor)
