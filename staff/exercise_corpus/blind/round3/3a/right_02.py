#| kind: right
#| what: Lightning 1.x habits: batch indexed with batch[0]/batch[1], training_step returns {"loss": loss}, configure_optimizers returns a one-element list [optimizer]
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
        loss = torch.nn.functional.mse_loss(self.model(x), y)
        # Lightning accepts a dict too, as long as the loss (with its graph) is under the key "loss"
        return {"loss": loss}

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(params=self.parameters(), lr=self.hparams.lr)
        return [optimizer]  # a list of one optimizer, no schedulers


check_lit_module(LitRegressor)
