#| kind: right
#| what: Lightning-docs style: self(x) through forward, F.mse_loss, self.log with prog_bar, SGD built from self.model.parameters() and self.hparams["lr"] with momentum spelled out as 0
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        inputs, targets = batch
        predictions = self(inputs)  # step 1: forward (goes through forward() above)
        loss = F.mse_loss(predictions, targets)  # step 2: loss
        self.log("train_loss", loss, prog_bar=True, on_step=True, on_epoch=False)
        return loss  # with its graph: the Trainer runs zero_grad, backward and step on it

    def configure_optimizers(self):
        # plain SGD, as the vanilla loop: momentum 0 said out loud, no scheduler
        return torch.optim.SGD(self.model.parameters(), lr=self.hparams["lr"], momentum=0.0)


check_lit_module(LitRegressor)
