#| kind: right
#| what: docs style: batch unpacked with indexing, self(x) through forward, loss logged on step and epoch with an explicit batch_size, SGD over self.model.parameters() with lr from self.hparams["lr"] and momentum=0 spelled out
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x = batch[0]
        y = batch[1]
        y_hat = self(x)  # calls forward, i.e. self.model(x)
        loss = F.mse_loss(y_hat, y)
        self.log("train_loss", loss, on_step=True, on_epoch=True, prog_bar=True, batch_size=x.size(0))
        return loss  # the Trainer does zero_grad, backward and step with it

    def configure_optimizers(self):
        # self.model holds every parameter of this module, so this is the same list as self.parameters()
        optimizer = torch.optim.SGD(self.model.parameters(), lr=self.hparams["lr"], momentum=0.0)
        return optimizer


check_lit_module(LitRegressor)
