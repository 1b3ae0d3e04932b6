#| kind: right
#| what: target cast with type_as onto the prediction's dtype and device, optimizer returned as a one-element list
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
        y_hat = self.model(x)
        y = y.type_as(y_hat)  # same dtype and device as the output: a no-op here, safe anywhere
        loss = F.mse_loss(y_hat, y)
        return loss

    def configure_optimizers(self):
        sgd = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
        return [sgd]  # a list of optimizers is accepted too


check_lit_module(LitRegressor)
