#| kind: wrong
#| what: squeezes the prediction to shape (N,) against targets of shape (N, 1): the loss broadcasts to (N, N) and trains on the wrong numbers (only a warning)
#| expect: The loss broadcasts
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
        y_hat = self(x).squeeze()  # (N, 1) -> (N,), one prediction per row
        loss = F.mse_loss(y_hat, y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


check_lit_module(LitRegressor)
